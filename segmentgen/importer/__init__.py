"""Import: deployed segments (CloudFormation templates, get-segments JSON) to spec files.

Input: template or API JSON files. Output: a new spec file's text, or positioned diagnostics:
read and shape-checked input (``read``, ``shapes``), candidates collected (``collect``),
criteria turned back into the high-level form (``criteria``), keys made unique (``keys``),
rendered (``render``) and validated as an edit (``edit``); ``convert`` ties them together.
"""
