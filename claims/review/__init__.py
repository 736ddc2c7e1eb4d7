"""The review road: claims worked from unreviewed to published.

- `workflow`: the moves (one `Move` record each: label, guard, service) and the only code that
  changes a claim's status, rating or verdict;
- `edits`: claims made and edited by hand, and deleted while nobody has reviewed them;
- `articles`: stored articles' metadata, re-extraction and deletion;
- `events`: the one writer of a claim's history;
- `selectors`: who may see what, for the API, the admin and the public pages.
"""
