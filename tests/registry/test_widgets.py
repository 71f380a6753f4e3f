from django import forms

from registry.widgets import FastSelect, FastSelectMultiple


def test_fast_select_marks_the_choice_and_escapes():
    widget = FastSelect(choices=[("", "Alla"), ("a&b", "<Åre>"), ("0583", "Motala")])
    html = widget.render("municipality", "0583", attrs={"id": "id_municipality"})
    assert html.startswith('<select id="id_municipality" name="municipality">')
    assert '<option value="0583" selected>Motala</option>' in html
    assert '<option value="a&amp;b">&lt;Åre&gt;</option>' in html
    assert html.count("selected") == 1


def test_fast_select_multiple_reads_and_marks_every_choice():
    class Form(forms.Form):
        places = forms.MultipleChoiceField(
            choices=[("1", "Ett"), ("2", "Två"), ("3", "Tre")], widget=FastSelectMultiple
        )

    form = Form({"places": ["1", "3"]})
    assert form.is_valid()
    assert form.cleaned_data["places"] == ["1", "3"]
    html = str(form["places"])
    assert "multiple" in html
    assert html.count(" selected>") == 2
