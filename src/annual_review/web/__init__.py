"""HTTP helpers the public site, its data twins, the API and the downloads share.

Neither `api` nor `public` imports the other: what both need lives here, below them.

- `responses`: JSON bodies and responses, JSON errors, open CORS, ETags and conditional answers.
- `csv_files`: the one CSV writer (byte-order mark, CRLF line endings), whole or streamed.
- `caching`: the site's version and the caches keyed by it (values and whole pages).
- `pages`: serving whole rendered pages from that cache (`page_cached`, `query_parameters`).
- `search_slots`: how many searches a process runs at once.
"""
