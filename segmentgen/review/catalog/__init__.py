"""``segmentgen docs``: the segment catalog as a static, offline web site, the review
feature's browsable form (each segment described in words and pictures).

Input: ``SiteOptions`` (the specs directory, the build's output directory, which is read
and never written, the site directory, an optional endpoint export with its as-of instant,
an optional profile export, whether to lint). Output: ``Site`` (the site's files, path ->
bytes, and every diagnostic), written to the site directory as one transaction by
``site.write_site``.

Stages: ``collect`` (load and build in memory through the api, lint, examples, estimates
over each export (``estimates``), history: one ``Catalog`` of plain, sorted data),
``graph`` (the base-segment picture laid out by grandalf), ``render`` (jinja2 templates
under ``templates/docs/``, HTML autoescaped), ``site`` (where the site may live, which
files it owns, the write).
"""
