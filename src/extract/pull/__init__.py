"""``giamsat pull``: the ingesters' pulling side. Portals' feeds, sitemaps and listing pages are
walked by a polite client (``client``), their links found with trafilatura (``discover``), what is
new or changed read as ``extract`` reads it (``run``), and what was fetched remembered between
runs (``state``)."""
