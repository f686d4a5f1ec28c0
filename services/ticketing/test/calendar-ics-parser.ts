import { execFile } from 'node:child_process';

/** Debian's interpreter: it has python3-icalendar; a pyenv `python3` earlier on PATH does not. */
const PYTHON = '/usr/bin/python3';

/** One VEVENT as python3-icalendar reads it. Times are ISO 8601 with their offset. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string;
  tzid: string | null;
  dtstart: string;
  dtend: string;
  /** DTSTART's wall time put through the file's own VTIMEZONE, in UTC: proves the block agrees. */
  dtstartUtcByVtimezone: string | null;
  dtstamp: string;
  lastModified: string | null;
  summary: string;
  location: string;
  description: string;
  url: string | null;
}

export interface ParsedCalendar {
  method: string | null;
  name: string | null;
  refreshInterval: string | null;
  publishedTtl: string | null;
  timezones: string[];
  events: ParsedEvent[];
}

// Reads the calendar from stdin, prints JSON. Decoding goes through icalendar's own types (pytz for
// a TZID it knows), independently of the VTIMEZONE; `to_tz()` then checks the VTIMEZONE itself.
const SCRIPT = String.raw`
import datetime, json, sys
import icalendar

cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
broken = [(c.name, c.errors) for c in cal.walk() if c.errors]
if broken:
    sys.exit('components with errors: %r' % broken)
zones = {str(tz['TZID']): tz.to_tz() for tz in cal.walk('VTIMEZONE')}

def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)

def iso(component, name):
    return component.decoded(name).isoformat() if name in component else None

def by_vtimezone(event):
    tzid = event['DTSTART'].params.get('TZID')
    if tzid is None:
        return None
    local = zones[tzid].localize(event.decoded('DTSTART').replace(tzinfo=None))
    return local.astimezone(datetime.timezone.utc).isoformat()

print(json.dumps({
    'method': text(cal, 'METHOD'),
    'name': text(cal, 'X-WR-CALNAME'),
    'refreshInterval': text(cal, 'REFRESH-INTERVAL'),
    'publishedTtl': text(cal, 'X-PUBLISHED-TTL'),
    'timezones': sorted(zones),
    'events': [{
        'uid': text(e, 'UID'),
        'sequence': int(e.decoded('SEQUENCE')),
        'status': text(e, 'STATUS'),
        'tzid': e['DTSTART'].params.get('TZID'),
        'dtstart': iso(e, 'DTSTART'),
        'dtend': iso(e, 'DTEND'),
        'dtstartUtcByVtimezone': by_vtimezone(e),
        'dtstamp': iso(e, 'DTSTAMP'),
        'lastModified': iso(e, 'LAST-MODIFIED'),
        'summary': text(e, 'SUMMARY'),
        'location': text(e, 'LOCATION'),
        'description': text(e, 'DESCRIPTION'),
        'url': text(e, 'URL'),
    } for e in cal.walk('VEVENT')],
}))
`;

function runPython(args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, args, { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${PYTHON} ${args[0]} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

/**
 * Fails, saying what to install, when Debian's python3-icalendar is not there. The calendar tests
 * call it in `beforeAll`: they must never pass by skipping the independent parser.
 */
export async function assertIcalendarParserInstalled(): Promise<void> {
  try {
    await runPython(['-c', 'import icalendar'], '');
  } catch (error) {
    throw new Error(
      `The calendar tests parse .ics with Debian's python3-icalendar, which is missing: ` +
        `run \`apt-get install -y python3-icalendar\` (.ci/run installs it). ${(error as Error).message}`,
    );
  }
}

/** Parses an .ics document with python3-icalendar, an implementation independent of ours. */
export async function parseIcs(ics: string): Promise<ParsedCalendar> {
  return JSON.parse(await runPython(['-c', SCRIPT], ics)) as ParsedCalendar;
}
