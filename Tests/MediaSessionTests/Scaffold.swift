// MediaSessionTests: scaffold, replaced by the first real test file.
