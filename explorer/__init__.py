"""Explorer: look into datasets, embedding spaces and models."""
