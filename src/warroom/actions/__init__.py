"""One typed function per thing a user does: the console and the command line both call
these, so the gates and rules (legal review, missing facts, a resolved crisis, what counts
as an entry) live in one place. Each takes ids and typed values, returns a typed result and
raises ActionError, whose message is the sentence shown to the user."""
