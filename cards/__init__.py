"""Model and data cards on huggingface_hub's card classes: evidence, CO2, openness."""
