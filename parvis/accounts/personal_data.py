"""The register's lines for accounts: the person, their e-mail addresses, second factors, sessions and API tokens
(see `parvis/core/personal_data.py`)."""

from datetime import timedelta

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data as register_of
from parvis.core.personal_data import SECURITY, SERVICE, WHILE_ACCOUNT, Entry, NotPersonal, Retention

from .models import ActionLevel, ApiToken, PostalLetter, User, Verification

ONLY_YOU_AND_STAFF = _("you, and the operator's administrators; never other people")


def register() -> None:
    register_of.register(
        key="accounts",
        heading=_("Your account"),
        entries=[
            Entry(
                User,
                ("email",),
                data=_("your e-mail address"),
                purpose=_("signing in, and the e-mails of the service (address check, notifications you chose)"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=ONLY_YOU_AND_STAFF,
            ),
            Entry(
                User,
                ("display_name", "handle", "avatar", "bio"),
                data=_("your profile: name, @handle, picture, short presentation"),
                purpose=_("showing who speaks on what you publish, and letting people find you"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_(
                    "the people your profile setting allows (everyone, your commune or your contacts); your name "
                    "next to what you publish, to those who may read it"
                ),
            ),
            Entry(
                User,
                ("home_commune", "quartier", "residence"),
                data=_("where you live: commune, quartier, residence"),
                purpose=_("showing the news and spaces of your territory, and your residence's space"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you; your commune on your profile, to the people your profile setting allows"),
            ),
            Entry(
                User,
                ("language", "profile_visibility"),
                data=_("your choices: language, who sees your profile"),
                purpose=_("writing to you in your language and applying your choices"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=ONLY_YOU_AND_STAFF,
            ),
            Entry(
                User,
                ("password",),
                data=_("your password, kept only as a salted hash nobody can read back"),
                purpose=_("signing in"),
                basis=SECURITY,
                retention=WHILE_ACCOUNT,
                seen_by=_("nobody, the operator included"),
            ),
            Entry(
                User,
                ("date_joined", "last_login", "is_active", "charter_accepted_at", "erased_at"),
                data=_(
                    "the dates you signed up, last signed in and accepted the charter; whether the account is open, "
                    "and when it was deleted (the row then keeps no name nor address)"
                ),
                purpose=_("proving the charter was accepted, and closing accounts that were suspended"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=ONLY_YOU_AND_STAFF,
            ),
            Entry(
                User,
                ("is_staff", "is_superuser", "groups", "user_permissions"),
                data=_("the operator's powers you hold, if you work for the operator"),
                purpose=_("giving the operator's staff, and them only, their powers"),
                basis=SECURITY,
                retention=WHILE_ACCOUNT,
                seen_by=_("the operator's administrators"),
            ),
            Entry(
                EmailAddress,
                ("user", "email", "verified", "primary"),
                data=_("your e-mail addresses and whether you confirmed them"),
                purpose=_("signing in, and checking that an address is yours"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=ONLY_YOU_AND_STAFF,
            ),
            Entry(
                EmailConfirmation,
                ("email_address", "created", "sent", "key"),
                data=_("the link sent to confirm an address"),
                purpose=_("checking that an address is yours"),
                basis=SECURITY,
                retention=Retention(life=_("until the address is confirmed or the account deleted")),
                seen_by=_("you (in the e-mail)"),
            ),
            Entry(
                Authenticator,
                ("user", "type", "data", "created_at", "last_used_at"),
                data=_("your second factor: the secret of your code application, your recovery codes"),
                purpose=_("protecting the accounts that hold powers, and yours if you turn it on"),
                basis=SECURITY,
                retention=Retention(life=_("until you turn it off or delete your account")),
                seen_by=_("nobody: it only checks the codes you type"),
            ),
            Entry(
                Session,
                ("session_key", "session_data", "expire_date"),
                data=_("your sign-in session (a random key in a cookie) and what the pages remember meanwhile"),
                purpose=_("keeping you signed in"),
                basis=SECURITY,
                retention=Retention(
                    life=_("after your last sign-in"),
                    default=timedelta(weeks=2),
                    setting="SESSION_COOKIE_AGE",
                    unit=timedelta(seconds=1),
                    rule="sessions",
                ),
                seen_by=_("nobody"),
            ),
            Entry(
                ApiToken,
                (
                    "user",
                    "name",
                    "token_hash",
                    "hint",
                    "scope",
                    "expires_at",
                    "created_at",
                    "last_used_at",
                    "revoked_at",
                ),
                data=_("your API tokens: their names, last use, and the token kept only as a hash"),
                purpose=_("letting your own programs act on your behalf"),
                basis=SERVICE,
                retention=Retention(
                    life=_("after you revoke it"),
                    default=timedelta(days=90),
                    setting="PARVIS_RETENTION_TOKENS_DAYS",
                    rule="codes_and_tokens",
                ),
                seen_by=_("you only"),
            ),
            Entry(
                SocialAccount,
                ("user", "provider", "uid", "last_login", "date_joined", "extra_data"),
                data=_(
                    "the identity providers you signed in with (FranceConnect…): the number they know you by, and "
                    "what they sent (name, e-mail address) at your last sign-in"
                ),
                purpose=_("signing you in through them, and recording that they verified you"),
                basis=SERVICE,
                retention=Retention(life=_("until you unlink the provider or delete your account")),
                seen_by=ONLY_YOU_AND_STAFF,
            ),
            Entry(
                SocialToken,
                ("account", "token", "token_secret", "expires_at"),
                data=_("an identity provider's access keys (not kept by this site's settings)"),
                purpose=_("signing you in through the provider"),
                basis=SECURITY,
                retention=Retention(life=_("until you unlink the provider or delete your account")),
                seen_by=_("nobody"),
            ),
            Entry(
                Verification,
                ("user", "level", "method", "verifier", "verifier_label", "verified_at", "expires_at"),
                data=_("your verifications: what was verified (residence, address, identity), by whom and when"),
                purpose=_("letting you do the actions that need a verified person; never a document"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you, and the operator's administrators"),
            ),
            Entry(
                PostalLetter,
                ("user", "address", "code_hash", "created_by", "created_at", "expires_at", "used_at"),
                data=_(
                    "the letters with a code sent to verify your postal address: the address until the code is "
                    "used, the code kept only as a hash"
                ),
                purpose=_("verifying your postal address"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you, and the operator who wrote the letter"),
            ),
        ],
        not_personal=[
            NotPersonal(
                SocialApp,
                ("provider", "provider_id", "name", "client_id", "secret", "key", "settings"),
                "an identity provider the operator configured, not a person",
            ),
            NotPersonal(ActionLevel, ("action", "level"), "the operator's choice of a level per action"),
            NotPersonal(SocialToken, ("app",), "which provider a key is for"),
        ],
    )
