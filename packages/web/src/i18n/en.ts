/** The English catalogue. Typed against the Danish one: a missing or extra key is a type error. */
import type { MessageKey } from './da.js';
import { activationTexts, chipTexts, deviceTexts, faceTexts, loginTexts, mrzTexts } from './sections/index.js';

const core = {
  'app.name': 'OpenMitID',
  'app.skipToContent': 'Skip to content',
  'app.language': 'Language',
  'app.language.da': 'Dansk',
  'app.language.en': 'English',
  'app.busy': 'Please wait …',
  'app.errorTitle': 'Something went wrong',

  'common.next': 'Next',
  'common.back': 'Back',
  'common.stepOf': 'Step {step} of {total}',

  'welcome.title': 'Activate your MitID',
  'welcome.body': 'Get MitID with your phone and your passport. It takes about 10 minutes.',
  'welcome.start': 'Get started',

  'document.title': 'How do you want to get started?',
  'document.legend': 'Choose how you want to confirm who you are',
  'document.passport': 'Passport/ID card',
  'document.passportHint': 'Danish, Greenlandic or Faroese passport with a chip',
  'document.copy': 'Copy from another MitID app',
  'document.copyHint': 'You have an active MitID app on another phone or tablet',

  'overview.title': 'You will go through 4 steps',
  'overview.step.mrz': 'Scan the passport code',
  'overview.step.chip': 'Read the passport chip',
  'overview.step.face': 'Scan your face',
  'overview.step.userId': 'Create a user ID',
  'overview.done': 'Done',
  'overview.todo': 'To do',

  'terms.title': 'Terms and conditions',
  'terms.body':
    'MitID is strictly personal. You must not share your user ID, your codes or your app with anyone. By pressing \'Next\' you accept the terms.',
  'terms.version': 'Version {version}',

  'privacy.title': 'Privacy policy',
  'privacy.body':
    'We use the data from your passport and a picture of your face to confirm who you are. The data is kept only as long as needed.',

  'country.title': 'Where is your passport from?',
  'country.legend': 'Choose where your passport is from',
  'country.note': 'Please note that this guide applies to Danish, Faroese or Greenlandic passports.',
  'country.DK': 'Denmark',
  'country.GL': 'Greenland',
  'country.FO': 'Faroe Islands',
  'country.required': 'Choose where your passport is from.',


  'faceIntro.title': 'Scan your face',
  'faceIntro.body': 'Hold the phone in front of your face so that your face fits the frame.',
  'faceIntro.start': 'Scan your face',
  'faceCapture.title': 'Place your face in the frame',
  'faceCapture.camera': 'Camera view with a frame for your face',
  'faceCapture.ready': 'I am ready',
  'faceCapture.guidance.no-face': 'We cannot see your face.',
  'faceCapture.guidance.move-closer': 'Move closer.',
  'faceCapture.guidance.move-further': 'Move further away.',
  'faceCapture.guidance.centre': 'Place your face in the middle of the frame and look straight at the camera.',
  'faceCapture.guidance.ok': 'Good. Press \'I am ready\'.',
  'faceCapture.tipTitle': 'Tip: If you cannot scan your face',
  'faceCapture.tipLight': 'Go somewhere else to get better light on your face.',
  'faceCapture.tipGlasses': 'Take off glasses or anything else on your face.',
  'verifying.title': 'Verifying',
  'verifying.body': 'We are comparing your face with the photo in your passport.',

  'userId.title': 'Enter a user ID',
  'userId.intro': 'Think of a user ID that is easy for you to remember but hard for others to guess.',
  'userId.private': 'Make sure nobody sees you type your user ID. MitID is strictly personal.',
  'userId.label': 'User ID',
  'userId.rules': 'Rules for your user ID',
  'userId.rule.length': 'Between {min} and {max} characters',
  'userId.rule.characters': 'Only the letters a–å, digits, spaces and the characters {symbols}',
  'userId.rule.edgeSpace': 'No space first or last',
  'userId.rule.digitRun': 'Not 10 digits in a row',
  'userId.rule.met': 'met',
  'userId.rule.notMet': 'not met',
  'userId.checking': 'Checking whether the user ID is free …',
  'userId.available': 'The user ID is free.',
  'userId.taken': 'The user ID is taken. Choose another one.',

  'phone.title': 'Link your phone number',
  'phone.label': 'Mobile number',
  'phone.hint': '8 digits, or with a country code, e.g. +299',
  'phone.send': 'Send code',
  'phone.invalid': 'Enter a valid mobile number.',
  'phoneCode.title': 'Enter the validation code',
  'phoneCode.body': 'We have sent a validation code by text message to {phone}.',
  'phoneCode.label': 'Validation code',
  'phoneCode.invalid': 'The code is 6 digits.',
  'phoneCode.tip': 'Tip: On some phones you can tap the grey field to fill in the code from the text message.',
  'phoneCode.resend': 'Send a new code',

  'method.title': 'How do you want to approve with MitID?',
  'method.legend': 'Choose how you want to approve',
  'method.thisPhone': 'On this phone',
  'method.thisPhoneHint': 'Activate the MitID app on the phone you used to scan your passport.',
  'method.otherDevice': 'App on another phone/tablet',
  'method.otherDeviceHint': 'Activate the MitID app on another phone or tablet.',
  'method.token': 'Code display, code reader or chip',
  'method.tokenHint': 'Order or activate a MitID code display, code reader or chip.',
  'method.required': 'Choose how you want to approve.',
} satisfies Partial<Record<MessageKey, string>>;

export const en: Record<MessageKey, string> = {
  ...core,
  ...mrzTexts.en,
  ...chipTexts.en,
  ...faceTexts.en,
  ...activationTexts.en,
  ...loginTexts.en,
  ...deviceTexts.en,
};
