"""The record, published (issue 21): a concluded debate and a published joint statement as PDF,
Markdown and JSON, in Persian or English.

- `models.py`: `PublishedRecord`, the stored files (imported at the end of threads/models.py, so
  the app label stays `threads`);
- `builder.py`: the record as data (a dict, the JSON document), from the database;
- `render.py`: Markdown and JSON from that data; `pdf.py`: the PDF through WeasyPrint (the one
  place that imports it, guarded: without Pango the site runs and says the PDF is unavailable);
- `store.py`: generating and storing every file of a record once, superseding the earlier ones;
- `tasks.py`: the background task the conclude / publish / correct actions enqueue after commit;
- `views.py`, `urls.py`: serving them (ETag, long caching; members-only ones private);
- `links.py`: the links on the debate and statement pages and in the Atom feeds.
"""
