"""The read API under /api/v1/ (Django REST framework): the published register and the
reference lists here; the effort log's endpoints are partnerships' (``partnerships.api``),
and ``socialeconomy.urls`` mounts both. Read-only, anonymous, throttled per client
address in the database (``throttling``), with ETag and Last-Modified from the data
versions (``conditional``). What is public is decided by the selectors the pages use."""
