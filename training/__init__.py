"""Training-time tools of the check-worthiness model, outside the run-time library `claims.extraction`.

    python -m training.train       # retrain; writes claims/extraction/model/ (needs requirements-train.txt)
    python -m training.benchmark   # quality on dev-test + speed of the shipped extractor

`training.datasets` says where the shared datasets are and reads the check-worthiness files; it
imports neither scikit-learn nor Django, so bench/ and tests/ use it too.
"""
