/**
 * Word lists for synthetic French IT news: companies, subjects, places, verbs and sentence parts.
 * Accents, elisions (d’, l’), curly apostrophes, « guillemets » and non-breaking spaces on purpose.
 */

export const COMPANIES: readonly string[] = [
  'Orange', 'Capgemini', 'OVHcloud', 'Scaleway', 'Thales', 'Atos', 'Sopra Steria', 'Microsoft', 'Google',
  'AWS', 'Outscale', 'Dassault Systèmes', 'Free', 'SFR', 'Bouygues Telecom', 'Numspot', 'S3NS', 'Docaposte',
  'La Poste', 'Cloud Temple', 'Oodrive', 'Wallix', 'Airbus', 'Eviden', 'Schneider Electric', 'Mistral AI',
  'Criteo', 'Doctolib', 'Qonto', 'Alan', 'Back Market', 'Vade', 'Sekoia', 'Ledger', 'Iliad', 'Ubisoft',
  'Salesforce', 'Oracle', 'SAP', 'IBM', 'Nvidia', 'Intel', 'AMD', 'Cisco', 'Nokia', 'Ericsson', 'Samsung',
  'Apple', 'Meta', 'OpenAI', 'Anthropic', 'Hugging Face', 'Equinix', 'Data4', 'Digital Realty', 'Interxion',
];

export const INSTITUTIONS: readonly string[] = [
  'l’Anssi', 'la CNIL', 'l’Arcep', 'Bercy', 'la Commission européenne', 'le Conseil d’État', 'la DGE',
  'le ministère des Armées', 'l’Autorité de la concurrence', 'le Sénat', 'l’Assemblée nationale', 'la BPI',
];

export const PRODUCTS: readonly string[] = [
  'une offre de cloud souverain', 'une région cloud à Paris', 'un centre de données à Strasbourg',
  'un nouveau campus de datacenters près de Marseille', 'une plateforme d’IA générative', 'un service de stockage S3',
  'une solution de sauvegarde immuable', 'un pare-feu de nouvelle génération', 'une messagerie chiffrée de bout en bout',
  'un supercalculateur pour la recherche', 'un réseau 5G privé pour l’industrie', 'une offre Kubernetes managée',
  'un assistant de code', 'une suite bureautique collaborative', 'un SOC mutualisé pour les collectivités',
  'un programme de bug bounty', 'une puce dédiée à l’inférence', 'un accord de licence à 2 milliards d’euros',
  'une gamme de serveurs refroidis par liquide', 'un service de gestion des identités', 'une place de marché de données',
];

export const ACTIONS: readonly string[] = [
  'annonce', 'lance', 'dévoile', 'présente', 'inaugure', 'rachète', 'abandonne', 'renforce', 'généralise',
  'teste', 'déploie', 'ouvre', 'ferme', 'suspend', 'met à jour', 'muscle', 'repense', 'accélère',
];

export const TOPICS: readonly string[] = [
  'Cybersécurité', 'Cloud', 'Souveraineté numérique', 'Intelligence artificielle', 'Datacenters', 'Télécoms',
  'Réglementation', 'Données personnelles', 'Open source', 'Semi-conducteurs', 'Emploi', 'Marchés publics',
  'Ransomware', 'Résilience', 'Green IT', 'Réseaux', 'DevOps', 'Stockage', 'Identité numérique', 'Santé',
];

export const PLACES: readonly string[] = [
  'Paris', 'Lyon', 'Marseille', 'Strasbourg', 'Lille', 'Toulouse', 'Nantes', 'Bordeaux', 'Rennes', 'Grenoble',
  'Montpellier', 'Sophia Antipolis', 'Saclay', 'Roubaix', 'Gravelines', 'Nice', 'Clermont-Ferrand', 'Brest',
];

export const CATEGORIES: readonly string[] = [
  'Cloud', 'Sécurité', 'Réseaux', 'Infrastructure', 'Intelligence artificielle', 'Stratégie', 'Juridique',
  'Datacenter', 'Logiciel', 'Matériel', 'Start-up', 'Secteur public', 'Télécoms', 'RGPD', 'Emploi',
];

export const AUTHORS: readonly string[] = [
  'Camille Lefèvre', 'Hélène Durand', 'François Mercier', 'Chloé Rousseau', 'Jérôme Girard', 'Amélie Faure',
  'Stéphane Bonnet', 'Gaëlle Leroy', 'Benoît Lambert', 'Inès Chevalier', 'Noémie Garnier', 'Loïc Perrin',
];

export const OPENERS: readonly string[] = [
  'Selon nos informations,', 'D’après un communiqué publié ce matin,', 'Lors d’une conférence de presse à',
  'Dans un entretien accordé à nos confrères,', 'C’est officiel :', 'Après plusieurs mois de discussions,',
  'À l’occasion du salon VivaTech,', 'En marge des Assises de la cybersécurité,', 'Sans surprise,',
  'Fin de suspense :', 'Coup de théâtre :', 'Comme l’indiquait déjà la presse spécialisée,',
];

export const SENTENCES: readonly string[] = [
  'le groupe prévoit d’investir plusieurs centaines de millions d’euros d’ici à 2028',
  'les clients du secteur public pourront migrer leurs charges de travail sans changer d’outils',
  'l’éditeur promet une disponibilité de 99,99 % et des données hébergées exclusivement en France',
  'cette décision intervient alors que la pression réglementaire s’accroît sur les hyperscalers américains',
  'les équipes de réponse à incident ont été mobilisées pendant tout le week-end',
  'la faille, notée 9,8 sur l’échelle CVSS, permettait une exécution de code à distance',
  'le partenariat doit encore être validé par l’Autorité de la concurrence',
  'les premiers services seront ouverts aux bêta-testeurs dès le mois prochain',
  'l’opérateur mise sur la fibre et sur des serveurs à faible consommation énergétique',
  'plus de 300 ingénieurs seront recrutés en France au cours des deux prochaines années',
  'la plateforme s’appuie sur des logiciels libres et sur des composants européens',
  'les entreprises devront se conformer aux exigences de la directive NIS 2 avant la fin de l’année',
  'le montant de l’opération n’a pas été dévoilé, mais il serait supérieur à 100 millions d’euros',
  'les syndicats s’inquiètent des conséquences de ce plan sur l’emploi dans les régions',
  'l’hébergeur assure que les sauvegardes chiffrées n’ont pas été touchées par l’attaque',
  'l’intelligence artificielle générative reste le principal moteur de la demande en calcul',
  'les collectivités territoriales sont de plus en plus visées par des rançongiciels',
  'la qualification devrait permettre de répondre aux appels d’offres des opérateurs d’importance vitale',
  'le prix de l’électricité pèse lourdement sur la rentabilité des centres de données',
  'les analystes saluent une stratégie cohérente mais jugent le calendrier ambitieux',
];

/**
 * Headline templates the default watch (feeds/watches.yaml) should match, and near-misses it must
 * not match: a few percent of articles use one. `{company}`, `{place}`, `{product}`, `{action}` and
 * `{n}` are filled in, so that headlines stay distinct across sources (veille dedupes by headline).
 */
export const WATCH_HEADLINES: readonly string[] = [
  'Huawei {action} {product} à {place}',
  'SecNumCloud : {company} décroche la qualification pour {product}',
  'Bleu, la coentreprise d’Orange et Capgemini, {action} {product}',
  '{company} et Huawei signent un accord de {n} millions d’euros',
  'Cloud de confiance : l’Anssi qualifie SecNumCloud {n} nouvelles offres',
  'Équipements 5G : {place} veut exclure Huawei de {n} sites',
];

export const NEAR_MISS_HEADLINES: readonly string[] = [
  'Écran bleu : {company} publie un correctif pour {n} 000 postes',
  'Les Bleus s’imposent à {place} devant {n} 000 spectateurs',
  'Un nouveau smartphone bleu nuit chez {company} pour {n} euros',
  'Le score BLEU de {company} gagne {n} points en traduction automatique',
];
