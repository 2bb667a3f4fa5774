"""Spark (local mode) gives the same tables as pandas: values, dtypes and order.

One SparkSession for the whole test run (a session fixture: starting the JVM is most of the
time). Spark needs Java: without it these tests fail and say how to install it.
"""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from equitylab import measures as m

from .engine_data import CALLS, SPARK_SCHEMA, pandas_frame, rows, spark_rows

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")

JAVA_MISSING = (
    "The Spark tests need Java (17 or newer) and found none: install it with "
    "'apt-get install default-jre-headless' (Debian or Ubuntu; .ci/run does this in CI), "
    "or set JAVA_HOME to a Java installation."
)


def java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home and os.path.exists(os.path.join(home, "bin", "java"))) or \
        shutil.which("java") is not None


@pytest.fixture(scope="session")
def spark():
    if not java_found():
        pytest.fail(JAVA_MISSING, pytrace=False)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network lookup of the host name
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]").appName("equitylab-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.codegen.wholeStage", "false")  # small data: compiling costs more
        .config("spark.driver.memory", "512m")
        # A quicker start for a short-lived JVM: the first compiler tier only.
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_java_missing_message_says_how_to_install(monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert not java_found()
    assert "apt-get install default-jre-headless" in JAVA_MISSING


def test_spark_gives_the_pandas_tables(spark):
    data = rows()
    frame = spark.createDataFrame(spark_rows(data), SPARK_SCHEMA)
    for call, (group, outcome, kwargs) in CALLS.items():
        base = m.count(pandas_frame(data), group, outcome, **kwargs)
        got = m.count(frame, group, outcome, **kwargs)
        pd.testing.assert_frame_equal(got.table, base.table, obj=f"{call} table")
        pd.testing.assert_frame_equal(got.excluded, base.excluded, obj=f"{call} excluded")
        pd.testing.assert_frame_equal(m.disparities(got, reference="White"),
                                      m.disparities(base, reference="White"), obj=call)


def test_spark_non_binary_outcome_is_named(spark):
    frame = spark.createDataFrame([("a", 0), ("b", 2)], "g string, y long")
    with pytest.raises(m.NonBinaryOutcomeError, match=r"'y' must be yes/no.*between 0 and 2"):
        m.count(frame, "g", "y")
