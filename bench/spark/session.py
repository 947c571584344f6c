"""One notebook's worth of Spark, as the engine would run it: a session, a query, a temp view read
back. `local` starts a Spark session in this process (what the engine does per run); `sc://…`
connects to a running Spark Connect server (the alternative: one warm server, a session per run).
Prints the temp views this session sees: a run must see only its own.

    python session.py local|sc://HOST:PORT
"""
import sys

from pyspark.sql import SparkSession

target = sys.argv[1]
builder = SparkSession.builder
if target == "local":
    spark = builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
else:
    spark = builder.remote(target).getOrCreate()
spark.createDataFrame([(1, "a")], ["x", "y"]).createOrReplaceTempView("mine")
assert spark.sql("SELECT count(*) FROM mine").collect()[0][0] == 1
print(sorted(table.name for table in spark.catalog.listTables()))
