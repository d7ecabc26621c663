"""PCA and UMAP projections, and placing new points on an existing map."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.embeddings.project import UmapParams, fit_umap, pca, project
from glasshouse.errors import BadInput


def blobs(n_per: int = 30, dim: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, dim)) * 6
    x = np.vstack([c + rng.normal(size=(n_per, dim)) for c in centres]).astype(np.float32)
    return x, np.repeat(np.arange(3), n_per)


@pytest.mark.parametrize("dims", [2, 3])
def test_pca_matches_reference_variance_and_transform(dims) -> None:
    x, _ = blobs()
    p = pca(x, dims)
    assert p.coords.shape == (90, dims)
    np.testing.assert_allclose(p.transform(x), p.coords, atol=1e-4)
    # variances of the components are the top eigenvalues of the covariance, in order
    ref = np.sort(np.linalg.eigvalsh(np.cov(x.T)))[::-1][:dims]
    np.testing.assert_allclose(p.coords.var(axis=0, ddof=1), ref, rtol=1e-3)
    shares = p.params["explained_variance"]
    assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1


def test_pca_is_reproducible_including_signs() -> None:
    x, _ = blobs()
    np.testing.assert_array_equal(pca(x).coords, pca(x.copy()).coords)


def test_new_point_lands_in_its_own_group_on_a_pca_map() -> None:
    x, groups = blobs()
    p = pca(x)
    new = x[groups == 1].mean(axis=0, keepdims=True) + 0.1
    spot = p.transform(new)[0]
    centroids = np.vstack([p.coords[groups == g].mean(axis=0) for g in range(3)])
    assert int(np.argmin(np.linalg.norm(centroids - spot, axis=1))) == 1


@pytest.mark.parametrize("vectors,needle", [
    (np.zeros((1, 8)), "at least 2 texts; got 1"),
    (np.array([[0.0, np.nan], [1.0, 2.0]]), "NaN or infinite"),
    (np.zeros(8), "rows x dimensions"),
])
def test_pca_bad_input(vectors, needle) -> None:
    with pytest.raises(BadInput, match=needle.replace("(", r"\(")):
        pca(vectors)


def test_transform_with_wrong_dimension_says_use_same_model() -> None:
    x, _ = blobs()
    with pytest.raises(BadInput, match="use the same model"):
        pca(x).transform(np.zeros((1, 5)))


@pytest.mark.parametrize("method,dims,needle", [("tsne", 2, "unknown projection"),
                                                 ("pca", 4, "2 or 3 dimensions")])
def test_project_rejects_unknown_method_and_dims(method, dims, needle) -> None:
    with pytest.raises(BadInput, match=needle):
        project(blobs()[0], method, dims)


def test_umap_params_validate_ranges() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        UmapParams(n_neighbors=1)
    with pytest.raises(ValidationError):
        UmapParams(min_dist=1.5)


def test_umap_needs_a_few_rows() -> None:
    with pytest.raises(BadInput, match="UMAP needs at least 5 texts"):
        fit_umap(np.zeros((3, 8)))


@pytest.mark.slow
def test_umap_separates_groups_and_places_new_points_without_refit() -> None:
    """One small fit (UMAP's first fit compiles numba code, ~1 minute)."""
    x, groups = blobs(n_per=25)
    p = fit_umap(x, UmapParams(n_neighbors=40, metric="euclidean"))  # capped, still valid
    assert p.coords.shape == (75, 2) and p.params["n_neighbors"] == 40
    centroids = np.vstack([p.coords[groups == g].mean(axis=0) for g in range(3)])
    for g in range(3):
        near = np.argmin(np.linalg.norm(p.coords[:, None] - centroids[None], axis=2), axis=1)
        assert (near[groups == g] == g).mean() > 0.95
    rng = np.random.default_rng(5)
    new = x[groups == 2][:4] + rng.normal(scale=0.05, size=(4, x.shape[1])).astype(np.float32)
    spots = p.transform(new)
    nearest = np.argmin(np.linalg.norm(spots[:, None] - centroids[None], axis=2), axis=1)
    assert nearest.tolist() == [2, 2, 2, 2]
