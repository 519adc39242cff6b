-- The emulator's state. Times are seconds since the epoch (UTC); booleans are 0/1.
-- Every table has an INTEGER PRIMARY KEY `seq` that breaks ties in newest-first order.

CREATE TABLE IF NOT EXISTS accounts (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    auth_token TEXT NOT NULL,
    friendly_name TEXT,
    status TEXT NOT NULL,
    type TEXT NOT NULL,
    owner_account_sid TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_owner ON accounts (owner_account_sid, date_created);

CREATE TABLE IF NOT EXISTS api_keys (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    secret TEXT NOT NULL,
    account_sid TEXT NOT NULL,
    friendly_name TEXT,
    date_created REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS incoming_phone_numbers (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    friendly_name TEXT,
    iso_country TEXT,
    type TEXT NOT NULL,
    api_version TEXT NOT NULL,
    voice_url TEXT,
    voice_method TEXT,
    voice_fallback_url TEXT,
    voice_fallback_method TEXT,
    voice_caller_id_lookup INTEGER NOT NULL DEFAULT 0,
    voice_application_sid TEXT,
    status_callback TEXT,
    status_callback_method TEXT,
    sms_url TEXT,
    sms_method TEXT,
    sms_fallback_url TEXT,
    sms_fallback_method TEXT,
    sms_application_sid TEXT,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS incoming_phone_numbers_account
    ON incoming_phone_numbers (account_sid, date_created);
CREATE INDEX IF NOT EXISTS incoming_phone_numbers_number ON incoming_phone_numbers (phone_number);

CREATE TABLE IF NOT EXISTS outgoing_caller_ids (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    friendly_name TEXT,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS outgoing_caller_ids_account
    ON outgoing_caller_ids (account_sid, phone_number);

CREATE TABLE IF NOT EXISTS applications (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT,
    api_version TEXT NOT NULL,
    voice_url TEXT,
    voice_method TEXT,
    voice_fallback_url TEXT,
    voice_fallback_method TEXT,
    voice_caller_id_lookup INTEGER NOT NULL DEFAULT 0,
    status_callback TEXT,
    status_callback_method TEXT,
    sms_url TEXT,
    sms_method TEXT,
    sms_fallback_url TEXT,
    sms_fallback_method TEXT,
    sms_status_callback TEXT,
    message_status_callback TEXT,
    public_application_connect_enabled INTEGER NOT NULL DEFAULT 0,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS applications_account ON applications (account_sid, date_created);

CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    from_number TEXT,
    to_number TEXT NOT NULL,
    body TEXT,
    num_media INTEGER NOT NULL DEFAULT 0,
    num_segments INTEGER NOT NULL DEFAULT 1,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,                       -- where the life cycle ends: delivered/undelivered/failed
    error_code INTEGER,
    error_message TEXT,
    status_callback TEXT,
    application_sid TEXT,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL,
    date_sent REAL,
    next_change REAL                    -- when the status moves on; NULL once it is final
);
CREATE INDEX IF NOT EXISTS messages_account ON messages (account_sid, date_created);
CREATE INDEX IF NOT EXISTS messages_next_change ON messages (next_change)
    WHERE next_change IS NOT NULL;

CREATE TABLE IF NOT EXISTS calls (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    parent_call_sid TEXT,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    phone_number_sid TEXT,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    answered_by TEXT,
    url TEXT,
    method TEXT,
    twiml TEXT,
    application_sid TEXT,
    machine_detection TEXT,
    record INTEGER NOT NULL DEFAULT 0,
    conference_name TEXT,               -- the conference the call joins when answered
    status_callback TEXT,
    status_callback_method TEXT,
    status_callback_events TEXT,        -- space-separated: initiated ringing answered completed
    fallback_url TEXT,
    fallback_method TEXT,
    time_limit INTEGER,                 -- seconds from answering (TimeLimit)
    ends_at REAL,                       -- when TimeLimit ends the call (set on answer or update)
    recording_channels INTEGER NOT NULL DEFAULT 1,
    recording_track TEXT,
    recording_status_callback TEXT,
    recording_status_callback_method TEXT,
    recording_status_callback_events TEXT,
    amd_status_callback TEXT,           -- AsyncAmdStatusCallback (AmdStatusCallback)
    amd_status_callback_method TEXT,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL,
    start_time REAL,
    end_time REAL,
    duration INTEGER,
    next_change REAL
);
CREATE INDEX IF NOT EXISTS calls_account ON calls (account_sid, date_created);
CREATE INDEX IF NOT EXISTS calls_next_change ON calls (next_change) WHERE next_change IS NOT NULL;

CREATE TABLE IF NOT EXISTS conferences (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    status TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT 'us1',
    reason_conference_ended TEXT,
    call_sid_ending_conference TEXT,
    record INTEGER NOT NULL DEFAULT 0,  -- ConferenceRecord asked: a recording when it ends
    start_time REAL,                    -- when it went in-progress
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conferences_account ON conferences (account_sid, date_created);

CREATE TABLE IF NOT EXISTS participants (
    seq INTEGER PRIMARY KEY,
    account_sid TEXT NOT NULL,
    conference_sid TEXT NOT NULL,
    call_sid TEXT NOT NULL,
    label TEXT,
    muted INTEGER NOT NULL DEFAULT 0,
    hold INTEGER NOT NULL DEFAULT 0,
    coaching INTEGER NOT NULL DEFAULT 0,
    call_sid_to_coach TEXT,
    beep_on_exit INTEGER NOT NULL DEFAULT 1,
    end_conference_on_exit INTEGER NOT NULL DEFAULT 0,
    start_conference_on_enter INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL,
    UNIQUE (conference_sid, call_sid)
);

CREATE TABLE IF NOT EXISTS conference_numbers (
    phone_number TEXT PRIMARY KEY,      -- a call to this number joins the conference named
    friendly_name TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS recordings (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    call_sid TEXT,
    conference_sid TEXT,
    duration INTEGER NOT NULL,
    channels INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    track TEXT,                         -- inbound, outbound, both (call recordings)
    paused_since REAL,                  -- a paused recording: when the pause began
    paused_seconds REAL NOT NULL DEFAULT 0,
    pause_behavior TEXT,                -- skip (a pause is left out) or silence (kept, silent)
    status_callback TEXT,
    status_callback_method TEXT,
    status_callback_events TEXT,        -- space-separated: in-progress completed absent
    start_time REAL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS recordings_account ON recordings (account_sid, date_created);

CREATE TABLE IF NOT EXISTS transcriptions (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    recording_sid TEXT NOT NULL,
    transcription_text TEXT,
    status TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'fast',
    duration INTEGER,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS transcriptions_account ON transcriptions (account_sid, date_created);

CREATE TABLE IF NOT EXISTS notifications (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    call_sid TEXT,
    error_code TEXT NOT NULL,
    log TEXT NOT NULL,                  -- '0' error, '1' warning
    message_text TEXT,
    request_method TEXT,
    request_url TEXT,
    request_variables TEXT,
    response_body TEXT,
    response_headers TEXT,
    message_date REAL NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_account ON notifications (account_sid, date_created);

CREATE TABLE IF NOT EXISTS sandboxes (
    account_sid TEXT PRIMARY KEY,
    pin TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    application_sid TEXT NOT NULL,
    voice_url TEXT,
    voice_method TEXT NOT NULL,
    sms_url TEXT,
    sms_method TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS callbacks (  -- the outbox: requests the emulator makes to webhooks
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,           -- the delivery's I-Twilio-Idempotency-Token
    account_sid TEXT NOT NULL,
    source TEXT NOT NULL,               -- message-status, call-status, recording-status, amd-status
    resource_sid TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    params TEXT NOT NULL,               -- JSON list of [name, value]
    signature TEXT NOT NULL,
    state TEXT NOT NULL,                -- pending, delivered, failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL,                  -- wall-clock time of the next try; NULL once final
    response_status INTEGER,
    response_body TEXT,
    error TEXT,
    date_created REAL NOT NULL,         -- the emulator clock's time of the event
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS callbacks_next_attempt ON callbacks (next_attempt)
    WHERE next_attempt IS NOT NULL;
CREATE INDEX IF NOT EXISTS callbacks_resource ON callbacks (resource_sid);

-- Verify (verify v2): services, and the verifications they send and check
CREATE TABLE IF NOT EXISTS verify_services (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    code_length INTEGER NOT NULL DEFAULT 6,
    lookup_enabled INTEGER NOT NULL DEFAULT 0,
    skip_sms_to_landlines INTEGER NOT NULL DEFAULT 0,
    dtmf_input_required INTEGER NOT NULL DEFAULT 1,
    tts_name TEXT,
    psd2_enabled INTEGER NOT NULL DEFAULT 0,
    do_not_share_warning_enabled INTEGER NOT NULL DEFAULT 0,
    custom_code_enabled INTEGER NOT NULL DEFAULT 0,
    default_template_sid TEXT,
    whatsapp_msg_service_sid TEXT,
    whatsapp_from TEXT,
    verify_event_subscription_enabled INTEGER NOT NULL DEFAULT 0,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS verify_services_account ON verify_services (account_sid, date_created);

CREATE TABLE IF NOT EXISTS verifications (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    service_sid TEXT NOT NULL,
    to_address TEXT NOT NULL,           -- a phone number, or an email address
    channel TEXT NOT NULL,
    status TEXT NOT NULL,               -- pending, approved, canceled, expired
    code TEXT NOT NULL,
    amount TEXT,
    payee TEXT,
    lookup TEXT NOT NULL,               -- JSON: the carrier, when the service looks numbers up
    send_attempts TEXT NOT NULL,        -- JSON list of {attempt_sid, channel, time}
    check_attempts INTEGER NOT NULL DEFAULT 0,
    expires_at REAL NOT NULL,           -- ten minutes after it was started
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS verifications_service ON verifications (service_sid, to_address);
CREATE INDEX IF NOT EXISTS verifications_pending ON verifications (expires_at)
    WHERE status = 'pending';

-- The console (emulator/console/): what each inbound text or call driven through the emulator
-- did, as its transcript (the steps of inbound.py, each webhook's answer body included).
CREATE TABLE IF NOT EXISTS transcripts (
    seq INTEGER PRIMARY KEY,
    resource_sid TEXT NOT NULL UNIQUE,  -- the inbound message (SM/MM...) or call (CA...)
    account_sid TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- message, call
    steps TEXT NOT NULL,                -- JSON list of steps
    date_created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS transcripts_account ON transcripts (account_sid, seq);
