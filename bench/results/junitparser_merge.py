"""The peer: the same merge with junitparser, as its documentation shows (read each file, add it
to one JUnitXml, write it), printing the counts so both sides' work can be compared.

    python junitparser_merge.py OUTPUT FILE...
"""
import sys

from junitparser import JUnitXml

merged = JUnitXml()
for path in sys.argv[2:]:
    merged += JUnitXml.fromfile(path)
merged.update_statistics()
merged.write(sys.argv[1])
print(f"tests={merged.tests} failures={merged.failures}")
