/**
 * The seeds' causal claims as tests on the built-in scenarios (docs/claims.md, `brink claims`).
 * Each study is one scenario and a set of arms (the scenario as it is first, the reference); each
 * claim names an arm of its study, an outcome key of the comparison, and the direction its seed
 * passage states. Arms are scenario paths (`--set` syntax, src/scenario/set-path.ts) or policy
 * files, so any claim can be re-run by hand with `brink compare` (the `command` of each study).
 */
import type { ClaimSource, Direction } from '../analysis/claims.js';

export interface ArmDef {
  name: string;
  /** Scenario assignments, as `--set PATH=VALUE` / `--variant NAME:PATH=VALUE,…` take them. */
  sets?: string[];
  /** A policy file (scenarios/policies/…), as `--policy` takes it. */
  policy?: string;
  /** How the claim table names the lever. */
  lever: string;
}

export interface ClaimDef {
  id: string;
  claim: string;
  source: ClaimSource;
  arm: string;
  outcome: { key: string; label: string };
  expected: Direction;
  /** Why the model agrees, disagrees or cannot tell (written after reading the measured effect). */
  note: string;
}

export interface StudyDef {
  scenario: string;
  arms: ArmDef[];
  claims: ClaimDef[];
}

const S000 = '000';
const S003 = '003';

export const STUDIES: StudyDef[] = [
  {
    scenario: 'baseline-2025.yaml',
    arms: [
      { name: 'china-supply-x4', sets: ['enablerLinks[from=CHN,to=RUS].supplyRate=0.6'], lever: 'China → Russia supply 0.15 → 0.6 days of supply per day' },
      { name: 'china-supply-none', sets: ['enablerLinks[from=CHN,to=RUS].supplyRate=0', 'enablerLinks[from=CHN,to=RUS].diplomaticCover=0'], lever: 'China → Russia supply and diplomatic cover cut to 0' },
      { name: 'secondary-sanctions', policy: 'scenarios/policies/secondary-sanctions.yaml', lever: 'NATO secondary sanctions on Russia\'s enablers' },
      { name: 'aid-slow', policy: 'scenarios/policies/aid-slow.yaml', lever: 'aid slow, capped at 0.6, defensive only' },
      { name: 'aid-fast', policy: 'scenarios/policies/aid-fast.yaml', lever: 'aid fast, up to 5, long-range, red line ignored' },
      { name: 'flank-hardened', policy: 'scenarios/policies/flank-hardened.yaml', lever: '16 forward brigades and resilience investment' },
      { name: 'playbook-none', policy: 'scenarios/policies/playbook-none.yaml', lever: 'no escalation playbook' },
      { name: 'playbook-strong', policy: 'scenarios/policies/playbook-strong.yaml', lever: 'strong pre-agreed response packages' },
      { name: 'art4-often', policy: 'scenarios/policies/art4-often.yaml', lever: 'Article 4 requested readily (propensity 2.5)' },
      { name: 'stance-provocative', policy: 'scenarios/policies/stance-provocative.yaml', lever: 'provocative alliance signalling' },
      { name: 'surge-early', policy: 'scenarios/policies/surge-early.yaml', lever: 'war economy at rung 2 instead of 4' },
    ],
    claims: [
      {
        id: 'enabler-prolongs-war',
        claim: 'China\'s supply sustains Russia\'s capacity to wage a protracted war',
        source: { essay: S000, section: '§4 Close partnerships create escalatory enablers', passage: 'China\'s material and diplomatic support for Russia functions as an "escalatory enabler" by sustaining Moscow\'s capacity to wage protracted conflict' },
        arm: 'china-supply-x4',
        outcome: { key: 'firstEpisodeDays', label: 'days the 2025 war lasts (to the horizon at most)' },
        expected: 'up',
        note: '',
      },
      {
        id: 'enabler-raises-risk',
        claim: 'China\'s supply to Russia raises the risk that NATO is drawn in',
        source: { essay: S000, section: '§4 Close partnerships create escalatory enablers', passage: 'Beijing\'s assistance gives it leverage to prolong or shape the conflict\'s trajectory, thereby increasing pressure on NATO and Europe' },
        arm: 'china-supply-x4',
        outcome: { key: 'drawnIn', label: 'P(NATO drawn in)' },
        expected: 'up',
        note: 'The supply lengthens the war, raises NATO\'s aid bill and Russia\'s gray-zone pressure and escalation score (D28: it reaches Russia\'s production, war capacity, sanctions resilience and risk-taking), but P(NATO drawn in) does not move beyond sampling error. In the model being drawn in needs a deliberate kinetic act on member territory, whose hazard the enabler\'s risk discount moves only a little; and any change to Russia\'s hazards re-times all of its later events, so the two arms\' drawn-in runs pair poorly and the paired interval stays wide. The seed\'s "increasing pressure on NATO and Europe" shows here as pressure, not as war.',
      },
      {
        id: 'enabler-cut-weakens-client',
        claim: 'Without China\'s supply and cover, Russia\'s war wears it down sooner',
        source: { essay: S000, section: '§4 Close partnerships create escalatory enablers', passage: 'China sustaining Moscow\'s capacity to wage protracted conflict' },
        arm: 'china-supply-none',
        outcome: { key: 'firstEpisodeDays', label: 'days the 2025 war lasts (to the horizon at most)' },
        expected: 'down',
        note: '',
      },
      {
        id: 'secondary-sanctions-cut',
        claim: 'Secondary sanctions on the enabler cut what sustains Russia\'s war',
        source: { essay: S000, section: '§4 Close partnerships create escalatory enablers', passage: 'China\'s material and diplomatic support for Russia functions as an "escalatory enabler" by sustaining Moscow\'s capacity to wage protracted conflict' },
        arm: 'secondary-sanctions',
        outcome: { key: 'firstEpisodeDays', label: 'days the 2025 war lasts (to the horizon at most)' },
        expected: 'down',
        note: '',
      },
      {
        id: 'secondary-sanctions-hostility',
        claim: 'Secondary sanctions come at the price of Chinese hostility toward the US-led Pacific alliance',
        source: { essay: S000, section: '§6 Triangulation risk', passage: 'such coordination, even if informal or opportunistic, amplifies the alliance\'s strategic dilemma: how to deter in two theaters simultaneously' },
        arm: 'secondary-sanctions',
        outcome: { key: 'USPAC.peakCredibilityDebt', label: 'USPAC peak credibility debt' },
        expected: 'up',
        note: 'Sanctions raise the enablers\' hostility toward every NATO member, the USA included, and with it China\'s unanswered pressure on the Pacific alliance; the effect is small at the labelled prior `secondarySanctionsHostility`.',
      },
      {
        id: 'aid-too-slow',
        claim: 'Aid that moves too slowly lets the partner collapse',
        source: { essay: S003, section: 'The Doctrine of Proportionality and Non-Provocation', passage: 'If the alliance moves too slowly, it risks the collapse of the partner state' },
        arm: 'aid-slow',
        outcome: { key: 'partnerCollapse', label: 'P(partner collapse)' },
        expected: 'up',
        note: '',
      },
      {
        id: 'aid-too-fast',
        claim: 'Aid that moves too fast, with offensive-tier weapons, risks horizontal escalation',
        source: { essay: S003, section: 'The Doctrine of Proportionality and Non-Provocation', passage: 'if it moves too quickly or with offensive-tier capabilities, it risks "horizontal escalation"' },
        arm: 'aid-fast',
        outcome: { key: 'horizontal', label: 'P(horizontal escalation)' },
        expected: 'up',
        note: 'In the model, aid above the adversary\'s red line multiplies its red-line-sensitive options (sabotage of infrastructure, cable cuts, proxy attacks, strikes on supply hubs) by up to 1 + λ. Most of them are gray-zone acts in the cyber and sabotage domains, which MODEL.md §1 does not count as horizontal escalation on their own, and the kinetic ones stay rare at the labelled priors, so the trade-off shows in the gray zone (next claim) before it shows as a new theatre, domain or belligerent.',
      },
      {
        id: 'aid-too-fast-grayzone',
        claim: 'Aid past the red line is answered below the threshold: more sabotage and gray-zone pressure',
        source: { essay: S003, section: 'The Doctrine of Proportionality and Non-Provocation', passage: 'Every shipment of hardware or increase in troop presence on the eastern flank is measured against the adversary\'s perception of a "red line."' },
        arm: 'aid-fast',
        outcome: { key: 'grayzoneCount', label: 'gray-zone acts per run' },
        expected: 'up',
        note: '',
      },
      {
        id: 'flank-deters',
        claim: 'Hardening the flank deters: fewer runs in which NATO is drawn in',
        source: { essay: S003, section: 'The Strategic Play', passage: 'Hardening the Flank: Simultaneously increase the "price of entry" for the adversary by stationing permanent, high-readiness brigades in border nations' },
        arm: 'flank-hardened',
        outcome: { key: 'drawnIn', label: 'P(NATO drawn in)' },
        expected: 'down',
        note: 'Forward brigades raise the adversary\'s perceived probability of a response (§4.1), which lowers the utility of every hostile option against the flank.',
      },
      {
        id: 'flank-costs',
        claim: 'Forward presence is paid for in C_deterrence',
        source: { essay: S003, section: 'The Cost Function of Non-Intervention', passage: '$C_{deterrence}$ is the long-term investment in domestic military readiness and the "forward presence" on the alliance\'s borders' },
        arm: 'flank-hardened',
        outcome: { key: 'costDeterrence', label: 'mean C_deterrence (B$)' },
        expected: 'up',
        note: '',
      },
      {
        id: 'unanswered-debt',
        claim: 'Gray-zone acts left unanswered build credibility debt',
        source: { essay: S003, section: 'The Variable of Hybrid Warfare and the Grey Zone', passage: 'If NATO ignores these, it suffers a "salami-slicing" of its credibility' },
        arm: 'playbook-none',
        outcome: { key: 'peakCredibilityDebt', label: 'peak credibility debt' },
        expected: 'up',
        note: '',
      },
      {
        id: 'debt-invites-probing',
        claim: 'Restraint invites the adversary to push boundaries further',
        source: { essay: S003, section: 'The Cost Function of Non-Intervention', passage: 'If the alliance is perceived as being too desperate to avoid conflict, it incentivizes the adversary to push boundaries further' },
        arm: 'playbook-none',
        outcome: { key: 'grayzoneCount', label: 'gray-zone acts per run' },
        expected: 'up',
        note: '',
      },
      {
        id: 'playbook-costs-up-front',
        claim: 'Pre-planned playbooks impose costs up front and deter gray-zone pressure',
        source: { essay: S000, section: '§7 Policy tradeoffs', passage: 'Some experts urge pre-planned "escalation playbooks" and coordinated penalties to impose costs up front' },
        arm: 'playbook-strong',
        outcome: { key: 'grayzoneCount', label: 'gray-zone acts per run' },
        expected: 'down',
        note: '',
      },
      {
        id: 'article4-unity',
        claim: 'Using Article 4 more often signals unity and resolve: less credibility debt',
        source: { essay: S003, section: 'The Strategic Play', passage: 'Redefining Article 4: Utilize the consultation clause of the treaty (Article 4) more frequently to signal unity and resolve without the finality of Article 5' },
        arm: 'art4-often',
        outcome: { key: 'peakCredibilityDebt', label: 'peak credibility debt' },
        expected: 'down',
        note: '',
      },
      {
        id: 'signalling-spiral',
        claim: 'Provocative signalling provokes counter-signals: a reciprocal spiral',
        source: { essay: S000, section: '§5 Signaling, rhetoric and the danger of reciprocal escalation', passage: 'language and signaling from alliances can provoke counter-signals and heighten tensions in real time' },
        arm: 'stance-provocative',
        outcome: { key: 'escalationScore', label: 'escalation score per run' },
        expected: 'up',
        note: '',
      },
      {
        id: 'industrial-capacity',
        claim: 'A war economy triggered early is paid for in C_deterrence',
        source: { essay: S003, section: 'Structural Bottlenecks in Rapid Escalation', passage: 'A full-scale intervention would require a transition to a war economy that none of the member states are currently prepared to execute' },
        arm: 'surge-early',
        outcome: { key: 'costDeterrence', label: 'mean C_deterrence (B$)' },
        expected: 'up',
        note: '',
      },
    ],
  },
  {
    scenario: 'two-theatre.yaml',
    arms: [
      { name: 'no-coordination', sets: ['alliances[CRP].coordination=false'], lever: 'China–Russia cross-theatre coordination off' },
      { name: 'fast-reallocation', sets: ['parameters.reallocationRate=0.05'], lever: 'power pulled toward the hotter theatre five times as fast (reallocation 0.01 → 0.05 a day)' },
      { name: 'nato-majority', sets: ['alliances[NATO].decisionRule.qualifiedMajority=0.5'], lever: 'NATO decides by a 50% majority instead of consensus' },
    ],
    claims: [
      {
        id: 'timed-move',
        claim: 'China times pressure in the Indo-Pacific while the alliance is absorbed in Europe',
        source: { essay: S000, section: '§6 Triangulation risk', passage: 'officials have expressed concern that China might time action in the Indo‑Pacific while Russia creates a European distraction' },
        arm: 'no-coordination',
        outcome: { key: 'USPAC.peakCredibilityDebt', label: 'USPAC peak credibility debt' },
        expected: 'down',
        note: 'Without the coordination window China\'s opportunistic acts in the Indo-Pacific fall, and with them the unanswered pressure on the Pacific alliance.',
      },
      {
        id: 'timed-move-clash',
        claim: 'Cross-theatre coordination raises the risk of a clash in the Indo-Pacific',
        source: { essay: S000, section: '§6 Triangulation risk', passage: 'such coordination, even if informal or opportunistic, amplifies the alliance\'s strategic dilemma: how to deter in two theaters simultaneously' },
        arm: 'no-coordination',
        outcome: { key: 'rung4.indo-pacific', label: 'P(rung ≥ 4 in the Indo-Pacific)' },
        expected: 'down',
        note: 'The model does not confirm this at the kinetic end. The coordination boost raises the utility of every hostile option of China in its window, but the extra events are nearly all gray-zone and signalling acts (the claim before); clashes in the Indo-Pacific stay below 1% of runs with or without coordination, and the paired difference is within sampling error. We have not traced why the window adds so little force; the kinetic options also carry the cost of the perceived US response, which coordination does not lower.',
      },
      {
        id: 'two-theatre-dilemma',
        claim: 'Deterring in two theatres at once: power drawn to Europe weakens deterrence in the Indo-Pacific',
        source: { essay: S000, section: '§6 Triangulation risk', passage: 'how to deter in two theaters simultaneously' },
        arm: 'fast-reallocation',
        outcome: { key: 'USPAC.drawnIn', label: 'P(USPAC drawn in)' },
        expected: 'up',
        note: 'The effect points the seed\'s way but stays at the edge of sampling error: USPAC is drawn in in under 1% of runs. Reallocation moves every actor present in both theatres, China included: turning it off altogether also raises Indo-Pacific clashes, because China then keeps its Pacific forces at home, so the lever tested is the speed of reallocation, not its existence.',
      },
      {
        id: 'consensus-friction',
        claim: 'The consensus requirement among 32 members holds back Article 5',
        source: { essay: S003, section: 'The Consensus Requirement as a Stabilizing Friction', passage: 'The probability of being "drawn in" is low because the political threshold for 32 different domestic legislatures to agree on a declaration of war is exceptionally high' },
        arm: 'nato-majority',
        outcome: { key: 'article5', label: 'P(Article 5 invoked)' },
        expected: 'up',
        note: '',
      },
    ],
  },
  {
    scenario: 'stray-missile.yaml',
    arms: [
      { name: 'misread-often', sets: ['parameters.pMisattribution=0.25'], lever: 'a stray missile read as deliberate 25% of the time instead of 5%' },
    ],
    claims: [
      {
        id: 'stray-missile',
        claim: 'An accident read as deliberate is how an alliance is drawn in without intent',
        source: { essay: S003, section: 'The Variable of Hybrid Warfare and the Grey Zone', passage: 'The risk of escalation is not found in a grand, intentional declaration of war, but in the accumulation of these sub-threshold events' },
        arm: 'misread-often',
        outcome: { key: 'drawnIn', label: 'P(NATO drawn in)' },
        expected: 'up',
        note: '',
      },
    ],
  },
  {
    scenario: 'baltic-grayzone.yaml',
    arms: [
      { name: 'threshold-low', sets: ['parameters.armedAttackTheta0=2'], lever: 'armed-attack threshold for cyber and sabotage casualties 10 → 2' },
      { name: 'info-ops-strong', sets: ['parameters.infoOpsDelta=0.06'], lever: 'information operations three times as corrosive' },
    ],
    claims: [
      {
        id: 'cyber-kinetic-crossover',
        claim: 'A cyber or sabotage attack with casualties can count as an armed attack and bring members in',
        source: { essay: S003, section: 'The Variable of Hybrid Warfare and the Grey Zone', passage: 'A massive cyberattack on a member state\'s power grid that results in civilian casualties could theoretically be interpreted as an "armed attack."' },
        arm: 'threshold-low',
        outcome: { key: 'joiners', label: 'belligerents joining after day 0' },
        expected: 'up',
        note: 'The threshold\'s movement with public pressure (α, MODEL.md §4.2) is nearly inert at the labelled priors: the casualties of cyber and sabotage events (means 0.5 to 4) rarely approach θ0 = 10 however pressure moves it, so setting α from 0.6 to 0 changes only cohesion at the fifth decimal in this scenario. Its level θ0 does matter, as this claim shows; both are labelled priors for sensitivity studies.',
      },
      {
        id: 'info-ops-cohesion',
        claim: 'Information operations erode the alliance\'s unity',
        source: { essay: S000, section: '§8 Competing narratives and information operations', passage: 'Russia and China seek to portray NATO as aggressive and divided, aiming to erode unity and reduce the alliance\'s political ability to respond' },
        arm: 'info-ops-strong',
        outcome: { key: 'finalCohesion', label: 'NATO cohesion at the horizon' },
        expected: 'down',
        note: '',
      },
    ],
  },
];
