from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from parvis.territories.services import commune_resolve


class CommuneField(forms.CharField):
    """A commune typed by its name or its postal code, cleaned to its Territory (None when left empty and not
    required). The suggestions of the autocompletion, "Name (INSEE code)", are read back exactly by commune_resolve;
    the page holds the `<datalist id="commune-suggestions">` they fill."""

    def __init__(self, *, max_length=120, suggest=True, **kwargs):
        attrs = {"list": "commune-suggestions", "autocomplete": "off"}
        if suggest:
            attrs |= {
                "data-hx-get": reverse_lazy("territories:autocomplete"),
                "data-hx-trigger": "input changed delay:250ms",
                "data-hx-target": "#commune-suggestions",
            }
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(max_length=max_length, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return commune_resolve(text)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
