/**
 * Nuclear status of a state on a date, from the date of its first nuclear test.
 *
 * Sources: Arms Control Association, "The Nuclear Testing Tally" and "Nuclear Weapons: Who Has
 * What at a Glance" (armscontrol.org, fact sheets); SIPRI Yearbook, chapter "World nuclear
 * forces". First-test dates (local date of the explosion):
 *
 * | state          | COW | first test  | name                     |
 * |----------------|-----|-------------|--------------------------|
 * | United States  | 2   | 1945-07-16  | Trinity                  |
 * | USSR / Russia  | 365 | 1949-08-29  | RDS-1                    |
 * | United Kingdom | 200 | 1952-10-03  | Hurricane                |
 * | France         | 220 | 1960-02-13  | Gerboise Bleue           |
 * | China          | 710 | 1964-10-16  | 596                      |
 * | India          | 750 | 1974-05-18  | Smiling Buddha           |
 * | Pakistan       | 770 | 1998-05-28  | Chagai-I                 |
 * | North Korea    | 731 | 2006-10-09  | first declared test      |
 *
 * Choices (docs/validation.md): a state counts as nuclear in a dispute that began strictly after
 * its first test (a dispute's onset is what the parties knew; a missing start day counts as the
 * first of the month). Israel (undeclared arsenal, opacity policy, no acknowledged test) and
 * South Africa (six devices 1979–1989, never tested, dismantled by 1991) are not coded as
 * nuclear, and neither are Ukraine, Belarus and Kazakhstan, which held Soviet weapons in
 * 1991–1996 without operational control: the table is of declared tests only, so it is a rule
 * anyone can check. A user who prefers to code Israel from 1967 can pass an extra entry.
 */

export interface FirstTest {
  ccode: number;
  state: string;
  /** yyyymmdd */
  date: number;
}

export const FIRST_NUCLEAR_TESTS: readonly FirstTest[] = [
  { ccode: 2, state: 'United States', date: 19450716 },
  { ccode: 365, state: 'USSR/Russia', date: 19490829 },
  { ccode: 200, state: 'United Kingdom', date: 19521003 },
  { ccode: 220, state: 'France', date: 19600213 },
  { ccode: 710, state: 'China', date: 19641016 },
  { ccode: 750, state: 'India', date: 19740518 },
  { ccode: 770, state: 'Pakistan', date: 19980528 },
  { ccode: 731, state: 'North Korea', date: 20061009 },
];

/** Whether `ccode` had tested a nuclear weapon before `dateYmd` (yyyymmdd). */
export function isNuclear(ccode: number, dateYmd: number, table: readonly FirstTest[] = FIRST_NUCLEAR_TESTS): boolean {
  for (const t of table) if (t.ccode === ccode && t.date < dateYmd) return true;
  return false;
}
