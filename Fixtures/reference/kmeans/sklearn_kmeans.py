# k-means reference: scikit-learn 1.9.1 KMeans(n_clusters = 5, init = the first 5 rows, n_init = 1,
# algorithm = "lloyd", tol = 0, max_iter = 300) on Fixtures/kmeans/points.csv (600 points, 11 features
# standardized: 5 Gaussian blobs from sklearn.datasets.make_blobs(random_state = 2026), then z-scored).
# Produced with: python3 Fixtures/reference/kmeans/sklearn_kmeans.py
# Writes Fixtures/kmeans/points.csv and Fixtures/reference/kmeans/sklearn_labels.csv (label per row,
# inertia in the header comment line of sklearn_inertia.csv).
import pathlib

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

root = pathlib.Path(__file__).resolve().parents[3]
x, _ = make_blobs(n_samples=600, n_features=11, centers=5, cluster_std=2.5, random_state=2026)
x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
np.savetxt(root / "Fixtures/kmeans/points.csv", x, delimiter=",", fmt="%.17g",
           header=",".join(f"f{i}" for i in range(11)), comments="")
km = KMeans(n_clusters=5, init=x[:5], n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(x)
(root / "Fixtures/reference/kmeans/sklearn_labels.csv").write_text("label\n" + "\n".join(map(str, km.labels_)) + "\n")
(root / "Fixtures/reference/kmeans/sklearn_inertia.csv").write_text(f"inertia,iterations\n{km.inertia_:.17g},{km.n_iter_}\n")
