"""Demo and benchmark data, kept out of the product packages.

Installed only where the settings say (``DEMO_APP``, on by default with ``DEBUG``): it
brings the commands ``seed_demo`` and ``seed_partnerships_demo`` and needs the ``dev``
extra (Faker). Its texts are data files in ``demo/data/``; what it writes goes through
the product's services, as a user's input would, with a demo officer as the actor.
Nothing in ``registry`` or ``partnerships`` imports it.
"""
