from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that fed it, field by field.

    A form whose fields are named otherwise than the service's arguments says how in
    ``field_map`` (service name → form field); an unknown name lands on the whole form."""
    field_map: dict[str, str] = getattr(form, "field_map", {})
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = field_map.get(name, name)
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target if target != NON_FIELD_ERRORS else None, item)
    else:
        form.add_error(None, error)
