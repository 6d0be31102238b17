"""Exit 0 when the PostgreSQL server in argv[1] accepts a connection, else 1."""

import sys

import psycopg

url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(url, connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
