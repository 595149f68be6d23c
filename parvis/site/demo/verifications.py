"""Verification graded per action in the demo: Camille signed in once through FranceConnect (the row a sign-in leaves;
the demo has no identity provider to call), Gérard verified his address with the town hall's letter, a letter for
Emma waits to be typed, and the operator asks a verified residence to write to an élu."""

from parvis.accounts import verifications


def verifications_create(*, people: dict) -> None:
    operator = people["operator"]
    verifications.verification_record(
        user=people["camille"], level="identity", method="openid_connect", verifier_label="FranceConnect"
    )
    # Gérard has no e-mail habits but receives his mail: the town hall sent him a code by post.
    _letter, code = verifications.postal_letter_create(
        actor=operator, user=people["gerard"], address="Gérard Poulain\n3 rue Saint-Jean\n60000 Beauvais"
    )
    verifications.postal_letter_redeem(user=people["gerard"], code=code)
    verifications.postal_letter_create(
        actor=operator, user=people["emma"], address="Emma Vidal\n8 rue de l'Église\n60000 Allonne"
    )
    verifications.action_level_set(operator=operator, action="elu.message", level="residence")
