"""The catalogue of diagnostic codes: each code defined once, as an object.

Input: nothing. Output: one ``Code`` per diagnostic (``SG101`` ... ``SG7xx``) with its default
severity, its summary (the README's table and SARIF's rule descriptions read it) and the
cfn-lint plug-in rule that reports the same mistake in hand-written templates, and ``ALL`` in
catalogue order. Emitters pass the object (``codes.SG222``), never a string, so finding the
rule behind a diagnostic is one jump. A ``Code`` is a ``str`` (its id), so output formats and
comparisons see the id.
"""

from __future__ import annotations

from segmentgen.core.severity import Severity


class Code(str):
    """A diagnostic code: its id as the string value, plus what the catalogue says of it."""

    summary: str
    severity: Severity
    plugin_rule: str | None

    def __new__(cls, code: str, summary: str, severity: Severity = Severity.ERROR,
                plugin_rule: str | None = None) -> Code:
        made = super().__new__(cls, code)
        made.summary = summary
        made.severity = severity
        made.plugin_rule = plugin_rule
        return made


# load
SG101 = Code("SG101", "file cannot be read or is not UTF-8 text")
SG102 = Code("SG102", "YAML syntax error")
SG103 = Code("SG103", "YAML tag, merge key or undefined alias in a spec")
SG104 = Code("SG104", "duplicate key in a mapping")
SG105 = Code("SG105", "document nesting, size or count beyond the limit")
SG106 = Code("SG106", "spec file is not a mapping with a 'segments' mapping")
SG107 = Code("SG107", "spec symlink leads outside the specs directory (skipped)", Severity.NOTICE)

# validate: spec structure
SG201 = Code("SG201", "unknown key")
SG202 = Code("SG202", "required key missing")
SG203 = Code("SG203", "value has the wrong type")
SG204 = Code("SG204", "value not in the allowed set")
SG205 = Code("SG205", "invalid segment key")
SG206 = Code("SG206", "duplicate segment key or logical ID")
SG207 = Code("SG207", "duplicate segment name within one application")
SG208 = Code("SG208", "invalid date or time", plugin_rule="E9004")
SG209 = Code("SG209", "BETWEEN needs exactly two values in order", plugin_rule="E9003")
SG210 = Code("SG210", "unknown country code", plugin_rule="E9005")
SG211 = Code("SG211", "coordinate or range out of bounds")
SG212 = Code("SG212", "number is not finite or too large")
SG213 = Code("SG213", "Dimensions and SegmentGroups are mutually exclusive", plugin_rule="E9001")
SG214 = Code("SG214", "segment has no criteria")
SG215 = Code("SG215", "too many segment groups", plugin_rule="E9002")
SG216 = Code("SG216", "imported base segment must stand alone")
SG217 = Code("SG217", "quota exceeded", plugin_rule="E9007")
SG218 = Code("SG218", "invalid tag", plugin_rule="E9010")
SG219 = Code("SG219", "base segment reference points at nothing")
SG220 = Code("SG220", "base segment references form a cycle")
SG221 = Code("SG221", "empty list or mapping")
SG222 = Code("SG222", "invalid value")
SG223 = Code("SG223", "invalid project settings")
SG224 = Code("SG224", "CloudFormation dynamic reference ('{{resolve:') in a spec value")
SG225 = Code("SG225", "base segment is in another application")
SG226 = Code("SG226", "base segment compiles to another target")
SG227 = Code("SG227", "Pinpoint key in a Customer Profiles segment")
SG228 = Code("SG228", "invalid or repeated SegmentDefinitionName")
SG229 = Code("SG229", "segment's own target cannot be built in the environment")
SG230 = Code("SG230", "Customer Profiles value breaks CloudFormation's schema or the API")
SG231 = Code("SG231", "Customer Profiles segment quota exceeded", plugin_rule="E9231")
SG232 = Code("SG232", "SQL segment query is not valid Spark SQL", plugin_rule="E9232")
SG233 = Code("SG233", "value accepted by the API but not deployable through CloudFormation")
SG234 = Code("SG234", "dimension values do not suit their dimension type", plugin_rule="E9234")
SG235 = Code("SG235", "starting audiences nested deeper than Customer Profiles allows")
SG236 = Code("SG236", "value CloudFormation accepts but the Customer Profiles API refuses",
             plugin_rule="E9236")
SG237 = Code("SG237", "invalid calculated attribute definition")
SG238 = Code("SG238", "reference to an undefined calculated attribute")
SG239 = Code("SG239", "too many calculated attributes for one domain")

# compile
SG301 = Code("SG301", "no equivalent in the target", Severity.WARNING)
SG302 = Code("SG302", "template beyond a CloudFormation limit")
SG303 = Code("SG303", "change replaces the resource", Severity.WARNING)
SG304 = Code("SG304", "change destroys a deployed resource that others use")
SG305 = Code("SG305", "country carried to Address.Country without a country_format",
             Severity.WARNING)
SG306 = Code("SG306", "criteria of one name would collapse into one profile attribute")
SG307 = Code("SG307", "number compared with a custom profile attribute, which holds text",
             Severity.WARNING)
SG308 = Code("SG308", "combinator the Customer Profiles documentation does not describe",
             Severity.WARNING)
SG309 = Code("SG309", "base segment and segment would end up on different targets")

# emit
SG401 = Code("SG401", "output path not allowed")
SG402 = Code("SG402", "output cannot be written")
SG403 = Code("SG403", "output is stale")
SG404 = Code("SG404", "another build holds the lock")
SG405 = Code("SG405", "damaged journal or manifest in the output ignored", Severity.NOTICE)
SG406 = Code("SG406", "site directory not allowed")
SG407 = Code("SG407", "site cannot be written")
SG408 = Code("SG408", "file in the site directory that segmentgen docs did not write")
SG409 = Code("SG409", "git is not available; the catalog shows no history",
             Severity.NOTICE)

# lint
SG501 = Code("SG501", "Amazon Pinpoint has reached end of support", Severity.NOTICE)

# estimate
SG601 = Code("SG601", "endpoint export line is not a JSON object; skipped", Severity.WARNING)
SG602 = Code(
    "SG602", "criterion has no endpoint field in an export; never matches", Severity.WARNING)
SG603 = Code("SG603", "base segment cannot be evaluated locally; left out", Severity.WARNING)
SG604 = Code("SG604", "file cannot be read")
SG605 = Code(
    "SG605", "imported segment has no criteria; count its records instead", Severity.WARNING)
SG606 = Code("SG606", "criterion value cannot be evaluated; never matches", Severity.WARNING)
SG607 = Code("SG607", "example does not match as declared")
SG611 = Code("SG611", "profile export value cannot be read as a criterion needs; not matched",
             Severity.WARNING)
SG612 = Code("SG612", "SQL segment cannot be answered from a profile export", Severity.WARNING)

# edit (new, delete, import)
SG701 = Code("SG701", "segment key already exists")
SG702 = Code("SG702", "no segment with this key")
SG703 = Code("SG703", "segment is a base segment of other segments")
SG704 = Code("SG704", "spec file cannot be edited in place")
SG705 = Code("SG705", "template content has no spec equivalent")
SG706 = Code("SG706", "segment is not in Pinpoint form; nothing to migrate", Severity.NOTICE)
SG707 = Code("SG707", "segment examples are endpoint objects; not migrated")
SG708 = Code("SG708", "segment text cannot be rewritten in place")
SG709 = Code("SG709", "environments disagree on country_format")

ALL: tuple[Code, ...] = (
    SG101,
    SG102,
    SG103,
    SG104,
    SG105,
    SG106,
    SG107,
    SG201,
    SG202,
    SG203,
    SG204,
    SG205,
    SG206,
    SG207,
    SG208,
    SG209,
    SG210,
    SG211,
    SG212,
    SG213,
    SG214,
    SG215,
    SG216,
    SG217,
    SG218,
    SG219,
    SG220,
    SG221,
    SG222,
    SG223,
    SG224,
    SG225,
    SG226,
    SG227,
    SG228,
    SG229,
    SG230,
    SG231,
    SG232,
    SG233,
    SG234,
    SG235,
    SG236,
    SG237,
    SG238,
    SG239,
    SG301,
    SG302,
    SG303,
    SG304,
    SG305,
    SG306,
    SG307,
    SG308,
    SG309,
    SG401,
    SG402,
    SG403,
    SG404,
    SG405,
    SG406,
    SG407,
    SG408,
    SG409,
    SG501,
    SG601,
    SG602,
    SG603,
    SG604,
    SG605,
    SG606,
    SG607,
    SG611,
    SG612,
    SG701,
    SG702,
    SG703,
    SG704,
    SG705,
    SG706,
    SG707,
    SG708,
    SG709,
)
