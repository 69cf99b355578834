"""The language of work that no user started."""
import functools


def in_user_language(method):
    """Run ``method`` in the language of the acting user when the context names none.

    Odoo runs a scheduled action (and loads demo data) with an empty context, so what the
    action writes through ``self.env._`` (chatter lines, activities, notifications) would be
    in English in a Chinese company. Odoo's own ``_()`` falls back to the user's language in
    that case; this gives the suite's scheduled methods the same rule: the cron's user's
    language (OdooBot's for the suite's crons). A context that names a language wins.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if not self.env.context.get("lang") and self.env.user.lang:
            self = self.with_context(lang=self.env.user.lang)
        return method(self, *args, **kwargs)

    return wrapper
