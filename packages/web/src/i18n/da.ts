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

  'mrz.title': 'Scan passets kode',
  'mrz.instructions':
    'Åbn passet på siden med dit pasfoto. Find koden med dine pasoplysninger. Den står i den nederste del af passet og begynder med \'P\'.',
  'mrz.hold': 'Vend telefonen vandret og hold den ca. 12 cm fra passet.',
  'mrz.camera': 'Kameravisning',
  'mrz.cameraUnavailable': 'Kameraet er ikke tilgængeligt her. Du kan indtaste oplysningerne selv.',
  'mrz.scan': 'Scan koden',
  'mrz.manual': 'Indtast oplysningerne selv',

  'mrzManual.title': 'Indtast pasoplysninger',
  'mrzManual.intro': 'Skriv oplysningerne, som de står i dit pas.',
  'mrzManual.documentNumber': 'Pasnummer',
  'mrzManual.documentNumberHint': 'Op til 9 tegn: bogstaver og tal',
  'mrzManual.birthDate': 'Fødselsdato',
  'mrzManual.expiryDate': 'Udløbsdato',
  'mrzManual.error.documentNumberRequired': 'Skriv pasnummeret.',
  'mrzManual.error.documentNumberFormat': 'Pasnummeret må kun have bogstaver og tal, højst 9 tegn.',
  'mrzManual.error.birthDateRequired': 'Skriv din fødselsdato.',
  'mrzManual.error.birthDateFuture': 'Fødselsdatoen kan ikke ligge i fremtiden.',
  'mrzManual.error.expiryDateRequired': 'Skriv passets udløbsdato.',
  'mrzManual.error.expired': 'Passet er udløbet. Du skal bruge et gyldigt pas.',
  'mrzManual.error.dateInvalid': 'Datoen findes ikke.',
  'mrzManual.errorSummary': 'Ret følgende:',

  'chip.title': 'Aflæs passets chip',
  'chip.instructions':
    'Læg dit pas, med forsiden opad, på en vandret overflade. Placer toppen af telefonen halvt inde på passets forside.',
  'chip.hold': 'Hold telefonen stille i nogle sekunder, mens chippen aflæses.',
  'chip.read': 'Aflæs chip',
  'chip.demo': 'Demo: et virtuelt pas aflæses i stedet for et rigtigt.',
  'chip.tipTitle': 'Tip: Hvis du ikke kan se, at scanningen er i gang',
  'chip.tip': 'Prøv at flytte rundt på telefonen. Så kan telefonen forsøge at fange chippen igen.',
  'chip.reading': 'Aflæser chip …',

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
  'method.notYet': 'Du har valgt: {method}. Denne aktivering er ikke bygget endnu i OpenMitID.',
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
