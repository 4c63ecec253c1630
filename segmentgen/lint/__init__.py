"""Lint stage: cfn-lint over generated templates, and segmentgen's cfn-lint plug-ins.

Input: template texts and the lint settings. Output: ``cfn-lint:<rule>`` diagnostics, from a
pool of worker processes (``runner``) or the opt-in lint server (``client``, ``serve``,
``channel``); ``plugin`` is the strict registry schema and E9xxx rules plain cfn-lint loads.
"""
