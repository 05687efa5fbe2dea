"""Service.assured_date (HSDS 3 service.assured_date): the day a service's information was last
checked, shown to families instead of the internal source, which only staff see."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_emergencyroute'),
    ]

    operations = [
        migrations.AddField(
            model_name='service',
            name='assured_date',
            field=models.DateField(blank=True, help_text='Päivä, jona palvelun tiedot on viimeksi tarkistettu (HSDS assured_date). Näytetään palvelun sivulla; tyhjää ei näytetä.', null=True, verbose_name='tiedot tarkistettu'),
        ),
    ]
