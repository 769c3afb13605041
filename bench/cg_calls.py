"""Instructions per call from two callgrind files of the client thread (see
instructions-per-call.sh): total Ir and SHA-256 compression Ir, differenced and divided by
the difference in `execute_request` calls."""
import re
import sys

PER_CALL = "reqwest::async_impl::client::Client::execute_request"
SHA = "sha2::sha256::compress256"


def read(path):
    """(total Ir, calls of PER_CALL, exclusive Ir of SHA) of one callgrind file."""
    names, total, calls, sha = {}, 0, 0, 0
    callee, current = None, None
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
                continue
            m = re.match(r"(c?)fn=\((\d+)\)(?: (.*))?", line)
            if m:
                if m.group(3):
                    names[m.group(2)] = m.group(3)
                name = names.get(m.group(2), "")
                if m.group(1):
                    callee = name
                else:
                    current, callee = name, None
                continue
            if line.startswith("calls="):
                if callee and PER_CALL in callee:
                    calls += int(line.split("=")[1].split()[0])
                continue
            if callee is not None:
                # The cost line after `calls=` is inclusive cost of the call, not own cost.
                callee = None
                continue
            if current == SHA and line[:1] in "0123456789+-*":
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    sha += int(parts[1])
    return total, calls, sha


short, long_ = read(sys.argv[1]), read(sys.argv[2])
n = long_[1] - short[1]
if n <= 0:
    sys.exit("no calls counted")
ir = (long_[0] - short[0]) / n
sha = (long_[2] - short[2]) / n
print(f"{sys.argv[3]} {sys.argv[4]}: {ir:,.0f} instructions per call, of which SHA-256 "
      f"{sha:,.0f}, without it {ir - sha:,.0f} ({n} calls apart)")
