"""Python's own ElementTree parsing the same files (nothing merged or written): the memory
floor of holding them as Python objects, which Kiln's peak memory is compared with.

    python elementtree_parse.py FILE...
"""
import sys
import xml.etree.ElementTree as ElementTree

trees = [ElementTree.parse(path) for path in sys.argv[1:]]
print(f"tests={sum(len(tree.getroot().findall('.//testcase')) for tree in trees)}")
