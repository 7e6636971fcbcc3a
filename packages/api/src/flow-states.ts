/** The states an enrolment flow passes through, in order (issue 3 §3). */
export const ENROLMENT_STATES = [
  'started',
  'terms_accepted',
  'country_chosen',
  'mrz_scanned',
  'chip_verified',
  'face_verified',
  'user_id_chosen',
  'phone_code_sent',
  'completed',
] as const;

export type EnrolmentState = (typeof ENROLMENT_STATES)[number];

/** The steps a device can take, each a request. */
export const ENROLMENT_STEPS = [
  'terms',
  'country',
  'mrz',
  'chip',
  'face-challenge',
  'face',
  'user-id-availability',
  'user-id',
  'phone',
  'phone-verify',
] as const;

export type EnrolmentStep = (typeof ENROLMENT_STEPS)[number];
