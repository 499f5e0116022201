#!/usr/bin/env python3
"""Makes variant b: a copy of runtime/src/main/java with every trace point call removed (Tracing stays, unused).

    python3 without-trace-points.py SRC_COPY_DIR     # edits SRC_COPY_DIR/loombook/*.java in place
"""
import re, sys, pathlib

d = pathlib.Path(sys.argv[1]) / 'loombook'
call = r'\n[ \t]*Tracing\.[a-zA-Z]+\([^;]*\);'
timed = r'Tracing\.timed\((\w+)\)'       # Clauses<R> c = Tracing.timed(clauses);  ->  ... = clauses;
for name in ['Process.java', 'Timers.java', 'HostProcess.java']:
    p = d / name
    s = re.sub(call, '', re.sub(timed, r'\1', p.read_text()))
    p.write_text(s)
p = d / 'Proc.java'
s = p.read_text()
s = s.replace('if (to.deliver(exit)) Tracing.sent(from, to, exit);', 'to.deliver(exit);')
s = s.replace('boolean tracing = Tracing.on();', 'boolean tracing = false;')
s = s.replace('if (down != null) Tracing.sent(this, e.getValue(), down);', 'if (down != null) { }')
s = re.sub(r'\n[ \t]*if \(cause != null\) Tracing\.exitSignal\([^;]*\);', '', s)
s = re.sub(call, '', s)
p.write_text(s)
left = [f.name for f in d.glob('*.java') if f.name not in ('Tracing.java', 'Node.java') and 'Tracing.' in f.read_text()]
if left:
    sys.exit('trace points left in ' + ', '.join(left))
