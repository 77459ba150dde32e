#!/usr/bin/env python3
"""The JSONL import's peer (issue 16): a plain Python script that reads the same file a line at a
time, parses each line with `json` and inserts the same fields into SQLite with `executemany` in
one transaction. Fair to it: no validation beyond what `json` does, rows streamed to SQLite in
chunks (bounded memory, as kefu's import), one commit at the end. It keeps what kefu's store needs
to answer: the message id is the key (a re-import adds nothing), an index finds a case's order.

    python3 jsonl_sqlite.py FILE.jsonl DB.sqlite    prints "ROWS SECONDS"
"""
import json
import sqlite3
import sys
import time

COLUMNS = ("channel", "message_id", "marketplace", "kind", "received_at", "order_id", "from_name", "from_address",
           "from_country", "from_tz", "from_language", "subject", "body", "due_at", "category", "items")


def rows(path):
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            o = json.loads(line)
            b = o.get("from") or {}
            yield (o["channel"], o["messageId"], o.get("marketplace"), o["kind"], o["receivedAt"], o.get("orderId"),
                   b.get("name"), b.get("address"), b.get("country"), b.get("timeZone"), b.get("language"),
                   o.get("subject"), o["body"], o.get("dueAt"), o.get("category"),
                   json.dumps(o["items"]) if "items" in o else None)


def main():
    src, db_path = sys.argv[1], sys.argv[2]
    t = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE IF NOT EXISTS messages (%s, PRIMARY KEY (channel, message_id))" % ", ".join(COLUMNS))
    db.execute("CREATE INDEX IF NOT EXISTS by_order ON messages (channel, order_id)")
    before = db.total_changes
    with db:  # one transaction
        db.executemany("INSERT OR IGNORE INTO messages VALUES (%s)" % ", ".join("?" * len(COLUMNS)), rows(src))
    n = db.total_changes - before
    db.close()
    print(n, "%.4f" % (time.perf_counter() - t))


if __name__ == "__main__":
    main()
