"""Settings for the intake benchmark only: the project's settings plus one bare URL
(`bench/insert-one/`) that inserts one row, the yardstick intake is compared against."""

from lianxi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bench"
