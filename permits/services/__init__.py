"""Every write on the permits counter. Modules: drafts and submission (the applicant), review
(licensing officers), notices (the public trace of a granted event), reminders (renewals)."""
