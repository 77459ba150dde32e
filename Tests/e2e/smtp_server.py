"""A real SMTP server for kefu's mail end-to-end test: aiosmtpd on 127.0.0.1, each message
received written as it arrived to OUT/NNN.eml.   usage: smtp_server.py OUT PORT"""
import os
import sys
import time

from aiosmtpd.controller import Controller

out, port = sys.argv[1], int(sys.argv[2])


class Keep:
    async def handle_DATA(self, server, session, envelope):
        n = len(os.listdir(out))
        with open(os.path.join(out, "%03d.eml" % n), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 OK"


controller = Controller(Keep(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
