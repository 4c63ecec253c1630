"""Names CloudFormation and Customer Profiles accept, for the settings that become names.

Input: nothing. Output: the patterns a template Parameter's logical ID and a Customer
Profiles domain name must match, read by the settings validation and by the compilers that
write them, so that a name the validator accepts is one the template can hold.
"""

from __future__ import annotations

import re

MAX_LOGICAL_ID = 255
# A logical ID (of a Parameter, a Resource): letters and digits only.
LOGICAL_ID = re.compile(rf"[A-Za-z0-9]{{1,{MAX_LOGICAL_ID}}}")
MAX_PROFILES_NAME = 64
# A Customer Profiles domain (and segment definition) name.
PROFILES_NAME_CHARACTERS = "^[a-zA-Z0-9_-]+$"
PROFILES_NAME = re.compile(rf"[a-zA-Z0-9_-]{{1,{MAX_PROFILES_NAME}}}")
