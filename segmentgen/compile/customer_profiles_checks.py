"""What Customer Profiles accepts of a segment's texts and tags.

Input: a segment, its display name as deployed, its merged tags and the ``Outcome`` of its
compilation. Output: SG301 findings blocked into the outcome for a key that is no definition
name, a display name or description of the wrong length, and tags Customer Profiles refuses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from segmentgen.compile.customer_profiles_map import Outcome
from segmentgen.core.model import Segment

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]+$")
TAG_KEY_PATTERN = re.compile(r"^(?!aws:)[a-zA-Z+-=._:/]+$")
MAX_DISPLAY_NAME_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 4000
MAX_TAGS = 50


def check_texts(out: Outcome, segment: Segment, display_name: str) -> None:
    if not NAME_PATTERN.match(segment.key):
        out.block(
            ("Key",),
            f"segment key {segment.key!r} is not a definition name",
            "use A-Z, 0-9, _ and -",
        )
    if not 1 <= len(display_name) <= MAX_DISPLAY_NAME_LENGTH:
        out.block(
            ("Name",),
            f"display name {display_name!r} has {len(display_name)} characters; Customer "
            f"Profiles takes 1 to {MAX_DISPLAY_NAME_LENGTH}",
            "shorten the name or the environment's name_suffix",
        )
    if segment.description and len(segment.description) > MAX_DESCRIPTION_LENGTH:
        out.block(
            ("Description",),
            f"description has {len(segment.description)} characters; Customer Profiles takes "
            f"at most {MAX_DESCRIPTION_LENGTH}",
            "shorten the description",
        )


def check_tags(out: Outcome, tags: Sequence[tuple[str, str]]) -> None:
    if len(tags) > MAX_TAGS:
        out.block(("Tags",), f"{len(tags)} tags; Customer Profiles takes {MAX_TAGS}", "drop tags")
    for key, value in tags:
        if not TAG_KEY_PATTERN.match(key) or len(key) > 128 or len(value) > 256:
            out.block(
                ("Tags", key),
                f"tag {key!r}: {value!r} is not accepted by Customer Profiles (keys: letters, "
                "digits and + , - . / : ; < = _, at most 128, not aws:; values at most 256)",
                "rename the tag key, for example with - instead of spaces",
            )
