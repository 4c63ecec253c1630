"""cfn-lint rules for ``AWS::Pinpoint::Segment`` (E9xxx, W9xxx); pass this directory to
``cfn-lint --append-rules``. cfn-lint loads every module here by file name."""
