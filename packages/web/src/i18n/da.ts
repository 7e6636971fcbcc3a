/**
 * The Danish catalogue: the source language. Screen texts quoted in
 * ../shared/spec/seed-mitid-app-guide-da.md are kept word for word. `{name}` marks a value
 * filled in at run time.
 */
import { activationTexts, chipTexts, deviceTexts, faceTexts, loginTexts, mrzTexts } from './sections/index.js';

const core = {
  'app.name': 'OpenMitID',
  'app.skipToContent': 'Gå til indhold',
  'app.language': 'Sprog',
  'app.language.da': 'Dansk',
  'app.language.en': 'English',
  'app.busy': 'Vent venligst …',
  'app.errorTitle': 'Der skete en fejl',

  'common.next': 'Næste',
  'common.back': 'Tilbage',
  'common.stepOf': 'Trin {step} af {total}',

  'welcome.title': 'Aktiver dit MitID',
  'welcome.body': 'Få MitID med din telefon og dit pas. Det tager cirka 10 minutter.',
  'welcome.start': 'Kom i gang',

  'document.title': 'Hvordan vil du komme i gang?',
  'document.legend': 'Vælg, hvordan du vil bekræfte, hvem du er',
  'document.passport': 'Pas/ID-kort',
  'document.passportHint': 'Dansk, grønlandsk eller færøsk pas med chip',
  'document.copy': 'Kopier fra anden MitID app',
  'document.copyHint': 'Du har en aktiv MitID app på en anden telefon eller tablet',

  'overview.title': 'Du skal igennem 4 trin',
  'overview.step.mrz': 'Scan passets kode',
  'overview.step.chip': 'Aflæs passets chip',
  'overview.step.face': 'Scan dit ansigt',
  'overview.step.userId': 'Opret bruger-ID',
  'overview.done': 'Gennemført',
  'overview.todo': 'Mangler',

  'terms.title': 'Vilkår og betingelser',
  'terms.body':
    'MitID er strengt personligt. Du må ikke dele dit bruger-ID, dine koder eller din app med andre. Når du trykker på \'Næste\', accepterer du vilkårene.',
  'terms.version': 'Version {version}',

  'privacy.title': 'Privatlivspolitikken',
  'privacy.body':
    'Vi bruger oplysningerne fra dit pas og et billede af dit ansigt til at bekræfte, hvem du er. Oplysningerne gemmes kun, så længe det er nødvendigt.',

  'country.title': 'Hvor er dit pas fra?',
  'country.legend': 'Vælg, hvor dit pas er fra',
  'country.note': 'Vær opmærksom på, at denne guide gælder danske, færøske eller grønlandske pas.',
  'country.DK': 'Danmark',
  'country.GL': 'Grønland',
  'country.FO': 'Færøerne',
  'country.required': 'Vælg, hvor dit pas er fra.',


  'faceIntro.title': 'Scan dit ansigt',
  'faceIntro.body': 'Hold telefonen op foran dit ansigt, så dit ansigt passer ind i rammen.',
  'faceIntro.start': 'Scan dit ansigt',
  'faceCapture.title': 'Placer dit ansigt i rammen',
  'faceCapture.camera': 'Kameravisning med ramme til ansigtet',
  'faceCapture.ready': 'Jeg er klar',
  'faceCapture.guidance.no-face': 'Vi kan ikke se dit ansigt.',
  'faceCapture.guidance.move-closer': 'Ryk tættere på.',
  'faceCapture.guidance.move-further': 'Ryk længere væk.',
  'faceCapture.guidance.centre': 'Placer ansigtet midt i rammen og se lige ind i kameraet.',
  'faceCapture.guidance.ok': 'Godt. Tryk på \'Jeg er klar\'.',
  'faceCapture.tipTitle': 'Tip: Hvis du ikke kan scanne dit ansigt',
  'faceCapture.tipLight': 'Gå et andet sted hen for at få bedre belysning på dit ansigt.',
  'faceCapture.tipGlasses': 'Fjern evt. briller eller andre ting på ansigtet.',
  'verifying.title': 'Verificerer',
  'verifying.body': 'Vi sammenligner dit ansigt med billedet i dit pas.',

  'userId.title': 'Indtast bruger-ID',
  'userId.intro': 'Find på et bruger-ID, som er nemt for dig at huske, men svært for andre at gætte.',
  'userId.private': 'Vær opmærksom på, at andre ikke må se, når du indtaster dit bruger-ID. MitID er nemlig strengt personligt.',
  'userId.label': 'Bruger-ID',
  'userId.rules': 'Krav til dit bruger-ID',
  'userId.rule.length': 'Mellem {min} og {max} tegn',
  'userId.rule.characters': 'Kun bogstaverne a–å, tal, mellemrum og tegnene {symbols}',
  'userId.rule.edgeSpace': 'Ingen mellemrum først eller sidst',
  'userId.rule.digitRun': 'Ikke 10 tal i træk',
  'userId.rule.met': 'opfyldt',
  'userId.rule.notMet': 'ikke opfyldt',
  'userId.checking': 'Undersøger, om bruger-ID\'et er ledigt …',
  'userId.available': 'Bruger-ID\'et er ledigt.',
  'userId.taken': 'Bruger-ID\'et er optaget. Vælg et andet.',

  'phone.title': 'Tilknyt dit telefonnummer',
  'phone.label': 'Mobilnummer',
  'phone.hint': '8 cifre, eller med landekode, fx +299',
  'phone.send': 'Send kode',
  'phone.invalid': 'Skriv et gyldigt mobilnummer.',
  'phoneCode.title': 'Indtast valideringskoden',
  'phoneCode.body': 'Vi har sendt en valideringskode på SMS til {phone}.',
  'phoneCode.label': 'Valideringskode',
  'phoneCode.invalid': 'Koden er 6 cifre.',
  'phoneCode.tip':
    'Tip: I nogle telefoner skal man blot trykke på det grå felt for automatisk at få koden fra SMS indtastet.',
  'phoneCode.resend': 'Send en ny kode',

  'method.title': 'Hvordan vil du godkende med MitID?',
  'method.legend': 'Vælg, hvordan du vil godkende',
  'method.thisPhone': 'På denne telefon',
  'method.thisPhoneHint': 'Aktiver MitID appen på den telefon, du har brugt til at scanne dit pas med.',
  'method.otherDevice': 'App på en anden telefon/tablet',
  'method.otherDeviceHint': 'Aktiver MitID appen på en anden telefon eller tablet.',
  'method.token': 'Kodeviser, kodeoplæser eller chip',
  'method.tokenHint': 'Bestil eller aktiver en MitID kodeviser, kodeoplæser eller chip.',
  'method.required': 'Vælg, hvordan du vil godkende.',
} as const satisfies Record<string, string>;

export const da = {
  ...core,
  ...mrzTexts.da,
  ...chipTexts.da,
  ...faceTexts.da,
  ...activationTexts.da,
  ...loginTexts.da,
  ...deviceTexts.da,
} as const;

export type MessageKey = keyof typeof da;
