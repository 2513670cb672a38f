from django.apps import AppConfig


class PersonalDataConfig(AppConfig):
    name = "personal_data"
    verbose_name = "Personal data"
