"""Errors of the suite's pure tools that users read: a code, parameters, and the message in
the user's language.

The tools (``spreadsheet``, ``params``) work without the ORM, so they cannot translate when
they raise; their callers give the environment: ``UserError(error.translated(env))``.
"""


def _lt(message):
    """Mark ``message`` for translation: extracted with the terms of the module that calls it,
    translated by :meth:`CodedError.translated`."""
    return message


class CodedError(ValueError):
    """A user-facing error of a pure tool.

    Subclasses set ``MESSAGES`` ({code: English message with ``%(name)s`` parameters}).

    :ivar code: a key of ``MESSAGES``
    :ivar params: the message's parameters
    """

    MESSAGES = {}

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code] % params)

    def translated(self, env):
        """The message in the language of ``env``."""
        return env._(self.MESSAGES[self.code], **self.params)
