import { CATEGORIES, COMPANIES, PLACES, TOPICS } from './french-vocabulary.js';

/**
 * Keyword lists for the matcher benchmark. Real watch lists mix names that news mention every day
 * with rare ones; these take about a third of their terms from the corpus vocabulary (they occur in
 * many items), the rest are real names and phrases of the same trade that the corpus never uses.
 */

const PHRASES_ON_CORPUS: readonly string[] = [
  'cloud souverain', 'centre de données', 'intelligence artificielle', 'IA générative', 'données personnelles',
  'région cloud', 'faille critique', 'exécution de code', 'directive NIS 2', 'appels d’offres', 'secteur public',
  'logiciels libres', 'stockage S3', 'bug bounty', 'réseau 5G', 'supercalculateur', 'Autorité de la concurrence',
  'hyperscalers américains', 'collectivités territoriales', 'réponse à incident',
];

const PREFIXES_ON_CORPUS: readonly string[] = [
  'cyber*', 'souverain*', 'datacenter*', 'héberg*', 'chiffr*', 'rançon*', 'qualifi*', 'sauvegard*', 'vulnérab*', 'infonuag*',
];

const OFF_CORPUS: readonly string[] = [
  'Kubernetes', 'Proxmox', 'VMware', 'Broadcom', 'Nutanix', 'Red Hat', 'Linux', 'Windows Server', 'Azure', 'GCP',
  'Snowflake', 'Databricks', 'Terraform', 'Ansible', 'Docker', 'Podman', 'OpenStack', 'Ceph', 'MinIO', 'PostgreSQL',
  'MySQL', 'MongoDB', 'Redis', 'Kafka', 'Elastic', 'Splunk', 'Datadog', 'CrowdStrike', 'SentinelOne', 'Palo Alto',
  'Fortinet', 'Check Point', 'Zscaler', 'Okta', 'CyberArk', 'Stormshield', 'HarfangLab', 'Tehtris', 'Gatewatcher',
  'YesWeHack', 'Yogosha', 'Ivanti', 'Citrix', 'Juniper', 'Arista', 'HPE', 'Dell', 'Lenovo', 'Supermicro', 'Qualcomm',
  'MediaTek', 'TSMC', 'GlobalFoundries', 'STMicroelectronics', 'Soitec', 'Kalray', 'SiPearl', 'Graphcore', 'Cerebras',
  'LightOn', 'Aleph Alpha', 'Cohere', 'DeepSeek', 'Llama', 'Gemini', 'Copilot', 'ChatGPT', 'Pixtral', 'Le Chat',
  'France Travail', 'Ameli', 'FranceConnect', 'Chorus Pro', 'Tchap', 'ProConnect', 'Gaia-X', 'EUCS', 'DORA',
  'Cyber Resilience Act', 'AI Act', 'Data Act', 'Digital Markets Act', 'Schrems', 'Cloud Act', 'FISA', 'Privacy Shield',
  'Data Privacy Framework', 'HDS', 'ISO 27001', 'SOC 2', 'PASSI', 'EBIOS', 'Diffusion Restreinte', 'Open RAN', 'FTTH',
  'Wi-Fi 7', 'Starlink', 'IRIS²', 'Eutelsat', 'OneWeb', 'Kinéis', 'Unseenlabs', 'post-quantique', 'Pasqal',
  'Alice & Bob', 'Quandela', 'Welinq', 'Jupiter', 'EuroHPC', 'Genci', 'Jean Zay', 'Adastra', 'Exascale', 'Atos BullSequana',
  'Numérique responsable', 'Ecodesign', 'PUE', 'free cooling', 'chaleur fatale', 'hydrogène vert', 'Enedis', 'RTE',
  'EDF', 'TotalEnergies', 'Engie', 'Veolia', 'Suez', 'Vinci', 'Eiffage', 'Bouygues Construction', 'Nexity', 'Icade',
  'Société Générale', 'BNP Paribas', 'Crédit Agricole', 'Crédit Mutuel', 'La Banque Postale', 'AXA', 'Allianz', 'Generali',
  'Covéa', 'MAIF', 'Macif', 'Groupama', 'Stellantis', 'Renault', 'Michelin', 'Valeo', 'Forvia', 'Safran', 'MBDA',
  'Naval Group', 'Nexter', 'Arquus', 'Sagemcom', 'Parrot', 'Withings', 'Ynsect', 'Contentsquare', 'Dataiku', 'Mirakl',
  'Pigment', 'Swile', 'Payfit', 'Spendesk', 'Lydia', 'Sumeria', 'Shift Technology', 'Believe', 'Deezer', 'Dailymotion',
  'Molotov', 'BlaBlaCar', 'ManoMano', 'Vinted', 'Leboncoin', 'Cdiscount', 'Fnac Darty', 'Boulanger', 'Carrefour',
  'Auchan', 'Leclerc', 'Intermarché', 'Decathlon', 'Kering', 'LVMH', 'L’Oréal', 'Sanofi', 'Servier', 'Ipsen', 'bioMérieux',
  'Owkin', 'Cegedim', 'Maincare', 'Softway Medical', 'Lifen', 'Nabla',
];

/** The 3-term list: what the shipped watch is about. */
export const TERMS_3: readonly string[] = ['Huawei', 'SecNumCloud', 'cloud souverain'];

function uniqueTake(sources: readonly (readonly string[])[], count: number): string[] {
  const taken = new Map<string, string>();
  let round = 0;
  // Round-robin over the lists so every size has the same mix of kinds.
  while (taken.size < count) {
    let added = false;
    for (const list of sources) {
      const term = list[round];
      if (term === undefined) continue;
      added = true;
      if (!taken.has(term.toLowerCase())) taken.set(term.toLowerCase(), term);
      if (taken.size === count) break;
    }
    if (!added) throw new RangeError(`only ${taken.size} distinct terms available, ${count} wanted`);
    round += 1;
  }
  return [...taken.values()];
}

/** A keyword list of `count` distinct terms: the 3 above, then words, phrases and prefixes. */
export function keywordList(count: number): string[] {
  if (count <= TERMS_3.length) return TERMS_3.slice(0, count);
  const onCorpus = [...COMPANIES.filter((name) => name !== 'Huawei'), ...PLACES, ...TOPICS, ...CATEGORIES];
  const offCorpusShare = Math.round((count - TERMS_3.length) * 0.62);
  const off = OFF_CORPUS.slice(0, offCorpusShare);
  return uniqueTake([TERMS_3, off.slice(0, Math.ceil(off.length / 2)), onCorpus, PHRASES_ON_CORPUS, off.slice(Math.ceil(off.length / 2)), PREFIXES_ON_CORPUS, OFF_CORPUS.slice(offCorpusShare)], count);
}
