"""The territory tree: régions → départements → communes → quartiers → résidences, with EPCI beside communes.

One table for every level keeps a space's territory a plain foreign key and makes "content published at a level is
seen below it" a prefix match on `path`, which lists the keys of the ancestors and of the territory itself
("/region:32/departement:60/commune:60159/"). The keys are known before any row exists, so an import of all of
France computes paths without a second pass.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.folding import search_key


class Level(models.TextChoices):
    REGION = "region", _("région")
    DEPARTEMENT = "departement", _("département")
    EPCI = "epci", _("intercommunalité")
    COMMUNE = "commune", _("commune")
    QUARTIER = "quartier", _("quartier")
    RESIDENCE = "residence", _("résidence")


class TerritoryQuerySet(models.QuerySet):
    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def within(self, territory: "Territory"):
        """The territory and everything below it: for an EPCI, its member communes and what lies below them."""
        if territory.level == Level.EPCI:
            condition = Q(pk=territory.pk)
            for path in territory.member_communes.values_list("path", flat=True):
                condition |= Q(path__startswith=path)
            return self.filter(condition)
        return self.filter(path__startswith=territory.path)

    def below(self, territory: "Territory"):
        return self.within(territory).exclude(pk=territory.pk)

    def of_instance(self):
        """Territories below the ones the instance serves (PARVIS_TERRITORY)."""
        from .services import instance_territories  # services imports these models: a cycle at load time

        roots = instance_territories()
        if not roots:
            return self.none()
        condition = Q()
        for root in roots:
            condition |= Q(path__startswith=root.path)
        return self.filter(condition)

    def search(self, text: str):
        """Communes by postal code (prefix) or by name (prefix first, accents and hyphens ignored)."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(postal_codes__code__startswith=text[:5]).distinct()
        key = search_key(text)
        return self.filter(search_name__contains=key).order_by(
            models.Case(models.When(search_name__startswith=key, then=0), default=1), "-population", "name"
        )


class Territory(models.Model):
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    # INSEE code for régions, départements and communes, SIREN for EPCI, generated for quartiers and residences.
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Communes also belong to an intercommunality, which is not their tree parent (an EPCI may cross départements).
    epci = models.ForeignKey(
        "self",
        verbose_name=_("intercommunality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_communes",
        limit_choices_to={"level": Level.EPCI},
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    population = models.PositiveIntegerField(_("population"), default=0)
    # Entered by the operator; until then share-of-households figures use an estimate (population / 2.19).
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False, default="")
    # Residences only: number of homes in the building(s), and the address.
    address = models.CharField(_("address"), max_length=255, blank=True)
    homes = models.PositiveIntegerField(_("number of homes"), null=True, blank=True)
    # Communes only: a point inside the commune (geo.api.gouv.fr's `centre`), where maps of the commune open.
    centre_latitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    centre_longitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="territory_unique_level_code"),
            models.UniqueConstraint(fields=["level", "slug"], name="territory_unique_level_slug"),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        if self.level == Level.COMMUNE and self.code:
            return f"{self.name} ({self.department_code})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", kwargs={"level": self.level, "slug": self.slug})

    @property
    def department_code(self) -> str:
        # Corsica (2A, 2B) and overseas (971…) codes are not the first two digits of the commune code.
        if self.code.startswith("97"):
            return self.code[:3]
        return self.code[:2]

    @property
    def commune(self) -> "Territory | None":
        """The commune this territory is, or lies in (a quartier's, a residence's); None above the communes."""
        territory, steps = self, 0
        while territory is not None and territory.level in (Level.QUARTIER, Level.RESIDENCE) and steps < 3:
            territory, steps = territory.parent, steps + 1
        return territory if territory is not None and territory.level == Level.COMMUNE else None

    @property
    def centre(self) -> tuple | None:
        """(latitude, longitude) of the commune's point, None when the data has none."""
        if self.centre_latitude is None or self.centre_longitude is None:
            return None
        return (self.centre_latitude, self.centre_longitude)

    @property
    def key(self) -> str:
        return f"{self.level}:{self.code}"

    @property
    def ancestor_keys(self) -> list[str]:
        """Keys of the territories above this one, from the top down, the intercommunality included."""
        keys = [part for part in self.path.strip("/").split("/") if part][:-1]
        if self.epci_id:
            keys.append(f"epci:{self.epci.code}")
        return keys

    def ancestors(self) -> list["Territory"]:
        """The territories above this one, from the top (région) down, in one query."""
        keys = self.ancestor_keys
        if not keys:
            return []
        condition = Q()
        for key in keys:
            level, code = key.split(":", 1)
            condition |= Q(level=level, code=code)
        found = {t.key: t for t in Territory.objects.filter(condition)}
        return [found[key] for key in keys if key in found]

    @property
    def postal_code_list(self) -> list[str]:
        return [postal.code for postal in self.postal_codes.all()]

    @property
    def estimated_households(self) -> int:
        return round(self.population / 2.19)


class PostalCode(models.Model):
    code = models.CharField(_("postal code"), max_length=5, db_index=True)
    commune = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = _("postal code")
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postalcode_unique")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
