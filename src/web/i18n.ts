import { writeInterval, type IntervalReason } from '../cycle/source-interval.js';

/** The page's languages: English (the default) and French, chosen from `Accept-Language`. */
export type Locale = 'en' | 'fr';

export const DEFAULT_LOCALE: Locale = 'en';

/**
 * The first supported language in `Accept-Language` by weight (`fr-FR;q=0.8, en;q=0.5`), else
 * English. A weight of 0 means "not this one".
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (acceptLanguage === undefined) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.weight > 0 && Number.isFinite(entry.weight))
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { language } of ranked) {
    if (language === 'en' || language === 'fr') return language;
  }
  return DEFAULT_LOCALE;
}

const EN = {
  appName: 'veille',
  navSources: 'Sources',
  navPosts: 'Posts',
  navRules: 'Rule check',
  sourcesTitle: 'Sources',
  sourcesSummary: (total: number, failing: number) => `${total} sources, ${failing} failing`,
  colSource: 'Source',
  colHealth: 'Health',
  colLastSuccess: 'Last success',
  colLastError: 'Last error',
  colItemsSeen: 'Items seen',
  colInterval: 'Interval',
  colNextRead: 'Next read',
  colActivity: 'New items per day · last reads',
  healthNew: 'new',
  healthOk: 'ok',
  healthStale: 'stale',
  healthFailing: (count: number) => `failing ×${count}`,
  never: 'never',
  nextCycle: 'next cycle',
  none: '—',
  intervalEachCycle: 'each cycle',
  intervalReason: (reason: IntervalReason) =>
    ({ schedule: 'the schedule', every: 'every: in the config', ttl: 'the feed’s <ttl>', 'update-period': 'the feed’s update period', 'max-age': 'Cache-Control max-age', backoff: 'backing off after failures' })[reason],
  newItemsChartLabel: (days: number, total: number, activeDays: number, busiest: { readonly day: string; readonly count: number } | undefined, today: number) =>
    `New items per day, last ${days} days: ${
      busiest === undefined ? 'none' : `${total} in all, on ${activeDays} day${activeDays === 1 ? '' : 's'}; most ${busiest.count} on ${busiest.day}; today ${today}`
    }`,
  readsChartLabel: (count: number, median: string, longest: string, failed: number) =>
    `Last ${count} read${count === 1 ? '' : 's'}: median ${median} s, longest ${longest} s, ${failed} failed`,
  readsChartEmpty: 'No read recorded yet.',
  newItemsCaption: (total: number, days: number) => `${total} new in ${days} days`,
  readsCaption: (count: number, median: string) => `${count} read${count === 1 ? '' : 's'}, median ${median} s`,
  cycleChartTitle: 'Last cycles (duration)',
  cycleChartEmpty: 'No cycle has finished since veille started.',
  cycleChartLabel: (count: number, longestSeconds: string) => `${count} cycles, longest ${longestSeconds} s`,
  postsTitle: 'Posts',
  filterWatch: 'Watch',
  filterDestination: 'Destination',
  filterStatus: 'Status',
  filterDay: 'Day',
  filterAll: 'all',
  filterApply: 'Filter',
  filterClear: 'Clear',
  badDay: (value: string) => `Not a day (YYYY-MM-DD): ${value}; ignored.`,
  colTime: 'Time',
  colStatus: 'Status',
  colDestination: 'Destination',
  colWatch: 'Watch',
  colTerms: 'Matched terms',
  colItem: 'Item',
  colError: 'Last error',
  statusPending: 'pending',
  statusDelivered: 'sent',
  statusFailed: 'failed',
  attempts: (count: number) => `${count} attempt${count === 1 ? '' : 's'}`,
  nextTry: 'next try',
  noPosts: 'Nothing matches these filters.',
  olderPosts: 'Older posts →',
  newestPosts: '← Newest',
  untitled: '(no title)',
  rulesTitle: 'Rule check',
  rulesIntro: 'Paste a watch rule: veille checks its syntax and gives back the YAML to paste into a watch. Nothing is saved.',
  ruleLabel: 'Rule',
  sampleTitle: 'Try it on a title (optional)',
  sampleSummary: 'and a summary (optional)',
  ruleCheck: 'Check',
  ruleOk: 'The rule is valid.',
  ruleError: 'Syntax error',
  ruleErrorAt: (line: number, column: number) => `line ${line}, column ${column}`,
  ruleYaml: 'YAML to paste under the watch:',
  sampleMatched: (terms: string) => `Matches: ${terms}`,
  sampleNoMatch: 'Does not match.',
  loginTitle: 'Sign in',
  loginIntro: 'This page needs the access token (VEILLE_HTTP_TOKEN).',
  loginToken: 'Access token',
  loginSubmit: 'Sign in',
  loginWrong: 'Wrong token.',
  logout: 'Sign out',
  loopbackOnly:
    'These pages answer only on this machine: veille listens on a non-loopback address and VEILLE_HTTP_TOKEN is not set.',
  notFound: 'Not found.',
  navWorkbench: 'Workbench',
  workbenchTitle: 'Rule workbench',
  workbenchIntro:
    'Pick a watch and edit its rule, or paste one: veille runs it over the items seen in the last days, with the reason for each, and shows what changes against the watch’s current rule. Nothing is saved: paste the YAML into the config.',
  workbenchWatch: 'Watch',
  workbenchNoWatch: '(none: try a rule on every source)',
  workbenchForm: 'Form',
  workbenchFormRule: 'rule',
  workbenchFormList: 'keyword list (one per line)',
  workbenchDays: 'Days',
  workbenchRun: 'Try',
  workbenchScanned: (count: number, days: number) => `${count} item${count === 1 ? '' : 's'} seen in the last ${days} day${days === 1 ? '' : 's'}.`,
  workbenchMatches: (count: number) => `Matches (${count})`,
  workbenchAdded: (count: number) => `Newly matched against the current rule (${count})`,
  workbenchRemoved: (count: number) => `No longer matched (${count})`,
  workbenchNone: 'None.',
  workbenchMore: (count: number) => `… and ${count} more.`,
};

export type Messages = typeof EN;

const FR: Messages = {
  appName: 'veille',
  navSources: 'Sources',
  navPosts: 'Publications',
  navRules: 'Tester une règle',
  sourcesTitle: 'Sources',
  sourcesSummary: (total, failing) => `${total} sources, ${failing} en échec`,
  colSource: 'Source',
  colHealth: 'État',
  colLastSuccess: 'Dernier succès',
  colLastError: 'Dernière erreur',
  colItemsSeen: 'Articles vus',
  colInterval: 'Intervalle',
  colNextRead: 'Prochaine lecture',
  colActivity: 'Nouveaux articles par jour · dernières lectures',
  healthNew: 'nouvelle',
  healthOk: 'ok',
  healthStale: 'muette',
  healthFailing: (count) => `en échec ×${count}`,
  never: 'jamais',
  nextCycle: 'prochain cycle',
  none: '—',
  intervalEachCycle: 'à chaque cycle',
  intervalReason: (reason) =>
    ({ schedule: 'le calendrier', every: 'every: de la configuration', ttl: '<ttl> du flux', 'update-period': 'période de mise à jour du flux', 'max-age': 'Cache-Control max-age', backoff: 'attente après des échecs' })[reason],
  newItemsChartLabel: (days, total, activeDays, busiest, today) =>
    `Nouveaux articles par jour, ${days} derniers jours : ${
      busiest === undefined ? 'aucun' : `${total} en tout, sur ${activeDays} jour${activeDays > 1 ? 's' : ''} ; au plus ${busiest.count} le ${busiest.day} ; aujourd’hui ${today}`
    }`,
  readsChartLabel: (count, median, longest, failed) =>
    `${count > 1 ? `${count} dernières lectures` : 'Dernière lecture'} : médiane ${median} s, la plus longue ${longest} s, ${failed} en échec`,
  readsChartEmpty: 'Aucune lecture enregistrée.',
  newItemsCaption: (total, days) => `${total} nouveau${total > 1 ? 'x' : ''} en ${days} jours`,
  readsCaption: (count, median) => `${count} lecture${count > 1 ? 's' : ''}, médiane ${median} s`,
  cycleChartTitle: 'Derniers cycles (durée)',
  cycleChartEmpty: 'Aucun cycle terminé depuis le démarrage de veille.',
  cycleChartLabel: (count, longestSeconds) => `${count} cycles, le plus long ${longestSeconds} s`,
  postsTitle: 'Publications',
  filterWatch: 'Veille',
  filterDestination: 'Destination',
  filterStatus: 'État',
  filterDay: 'Jour',
  filterAll: 'toutes',
  filterApply: 'Filtrer',
  filterClear: 'Effacer',
  badDay: (value) => `Pas un jour (AAAA-MM-JJ) : ${value} ; ignoré.`,
  colTime: 'Heure',
  colStatus: 'État',
  colDestination: 'Destination',
  colWatch: 'Veille',
  colTerms: 'Termes trouvés',
  colItem: 'Article',
  colError: 'Dernière erreur',
  statusPending: 'en attente',
  statusDelivered: 'envoyé',
  statusFailed: 'échec',
  attempts: (count) => `${count} essai${count > 1 ? 's' : ''}`,
  nextTry: 'prochain essai',
  noPosts: 'Rien ne correspond à ces filtres.',
  olderPosts: 'Plus anciennes →',
  newestPosts: '← Plus récentes',
  untitled: '(sans titre)',
  rulesTitle: 'Tester une règle',
  rulesIntro: 'Collez une règle : veille vérifie sa syntaxe et rend le YAML à coller dans une veille. Rien n’est enregistré.',
  ruleLabel: 'Règle',
  sampleTitle: 'L’essayer sur un titre (facultatif)',
  sampleSummary: 'et un résumé (facultatif)',
  ruleCheck: 'Vérifier',
  ruleOk: 'La règle est valide.',
  ruleError: 'Erreur de syntaxe',
  ruleErrorAt: (line, column) => `ligne ${line}, colonne ${column}`,
  ruleYaml: 'YAML à coller sous la veille :',
  sampleMatched: (terms) => `Correspond : ${terms}`,
  sampleNoMatch: 'Ne correspond pas.',
  loginTitle: 'Connexion',
  loginIntro: 'Cette page demande le jeton d’accès (VEILLE_HTTP_TOKEN).',
  loginToken: 'Jeton d’accès',
  loginSubmit: 'Se connecter',
  loginWrong: 'Jeton incorrect.',
  logout: 'Se déconnecter',
  loopbackOnly:
    'Ces pages ne répondent que sur cette machine : veille écoute sur une adresse non locale et VEILLE_HTTP_TOKEN n’est pas défini.',
  notFound: 'Introuvable.',
  navWorkbench: 'Atelier',
  workbenchTitle: 'Atelier des règles',
  workbenchIntro:
    'Choisissez une veille et modifiez sa règle, ou collez-en une : veille l’applique aux articles vus ces derniers jours, avec la raison pour chacun, et montre ce qui change par rapport à la règle actuelle de la veille. Rien n’est enregistré : collez le YAML dans la configuration.',
  workbenchWatch: 'Veille',
  workbenchNoWatch: '(aucune : essayer une règle sur toutes les sources)',
  workbenchForm: 'Forme',
  workbenchFormRule: 'règle',
  workbenchFormList: 'liste de mots-clés (un par ligne)',
  workbenchDays: 'Jours',
  workbenchRun: 'Essayer',
  workbenchScanned: (count, days) => `${count} article${count > 1 ? 's' : ''} vu${count > 1 ? 's' : ''} ces ${days} dernier${days > 1 ? 's' : ''} jour${days > 1 ? 's' : ''}.`,
  workbenchMatches: (count) => `Correspondances (${count})`,
  workbenchAdded: (count) => `Nouvelles par rapport à la règle actuelle (${count})`,
  workbenchRemoved: (count) => `Ne correspondent plus (${count})`,
  workbenchNone: 'Aucun.',
  workbenchMore: (count) => `… et ${count} de plus.`,
};

export function messages(locale: Locale): Messages {
  return locale === 'fr' ? FR : EN;
}

/** A time for a page, in the configured time zone: `05/12/2026 14:05` (fr) or `12/5/26, 2:05 PM` (en). */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, timeZone).format(date);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** `1h30m`, `45s`, `1d` (`1j` in French): an interval in its largest whole units. */
export function formatInterval(ms: number, locale: Locale): string {
  return writeInterval(ms / 1000, locale === 'fr' ? { day: 'j', minute: 'min' } : {});
}
