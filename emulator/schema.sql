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
    date_created REAL NOT NULL,
    date_updated REAL
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
    bundle_sid TEXT,
    identity_sid TEXT,
    trunk_sid TEXT,
    emergency_address_sid TEXT,
    emergency_status TEXT NOT NULL DEFAULT 'Inactive',
    voice_receive_mode TEXT NOT NULL DEFAULT 'voice',
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
    messaging_service_sid TEXT,         -- sent through this Messaging Service (MG...)
    send_at REAL,                       -- a scheduled message's send time
    leaves_queue REAL,                  -- under --sender-mps: when it leaves its sender's queue
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
    async_amd INTEGER NOT NULL DEFAULT 0, -- AsyncAmd=true: the Url is fetched before detection ends
    record INTEGER NOT NULL DEFAULT 0,
    conference_name TEXT,               -- the conference the call joins when answered
    status_callback TEXT,
    status_callback_method TEXT,
    status_callback_events TEXT,        -- space-separated: initiated ringing answered completed
    fallback_url TEXT,
    fallback_method TEXT,
    answering INTEGER NOT NULL DEFAULT 0, -- --answer-calls: calls.BY_CLOCK, ON_PICKUP, PICKED_UP
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
CREATE INDEX IF NOT EXISTS calls_picked_up ON calls (answering) WHERE answering = 2;

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
    status_callback TEXT,               -- the first joiner's ConferenceStatusCallback
    status_callback_method TEXT,
    status_callback_events TEXT,        -- space-separated: start end join leave mute hold modify
    sequence INTEGER NOT NULL DEFAULT 0, -- the last status callback's SequenceNumber
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
CREATE INDEX IF NOT EXISTS recordings_stopped ON recordings (date_updated) WHERE status = 'stopped';

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

-- Messaging Services and content templates (messaging.twilio.com/v1, content.twilio.com/v1).
CREATE TABLE IF NOT EXISTS messaging_services (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,           -- MG...
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    inbound_request_url TEXT,
    inbound_method TEXT NOT NULL DEFAULT 'POST',
    fallback_url TEXT,
    fallback_method TEXT NOT NULL DEFAULT 'POST',
    status_callback TEXT,
    sticky_sender INTEGER NOT NULL DEFAULT 1,
    mms_converter INTEGER NOT NULL DEFAULT 1,
    smart_encoding INTEGER NOT NULL DEFAULT 1,
    scan_message_content TEXT NOT NULL DEFAULT 'inherit',
    fallback_to_long_code INTEGER NOT NULL DEFAULT 1,
    area_code_geomatch INTEGER NOT NULL DEFAULT 1,
    validity_period INTEGER NOT NULL DEFAULT 36000,
    synchronous_validation INTEGER NOT NULL DEFAULT 1,
    usecase TEXT NOT NULL DEFAULT 'undeclared',
    use_inbound_webhook_on_number INTEGER NOT NULL DEFAULT 0,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messaging_services_account
    ON messaging_services (account_sid, date_created);

CREATE TABLE IF NOT EXISTS messaging_service_phone_numbers (  -- a service's sender pool
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,           -- the PN SID of the account's IncomingPhoneNumber:
                                        -- a number is in one service at most
    service_sid TEXT NOT NULL,
    account_sid TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    country_code TEXT NOT NULL DEFAULT 'US',
    capabilities TEXT NOT NULL DEFAULT '["MMS", "SMS", "Voice"]',  -- JSON list
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messaging_service_phone_numbers_service
    ON messaging_service_phone_numbers (service_sid, date_created);

CREATE TABLE IF NOT EXISTS contents (   -- content templates
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,           -- HX...
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    variables TEXT NOT NULL DEFAULT '{}',  -- JSON object: variable name -> default value
    types TEXT NOT NULL,                -- JSON object: content type -> its definition
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS contents_account ON contents (account_sid, date_created);

-- Messages (issue 10): the media of MMS messages, and the feedback given on messages.
CREATE TABLE IF NOT EXISTS message_media (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    parent_sid TEXT NOT NULL,           -- the message (SM... or MM...)
    url TEXT NOT NULL,                  -- the MediaUrl it came from (never fetched)
    content_type TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS message_media_parent ON message_media (parent_sid, date_created);

CREATE TABLE IF NOT EXISTS message_feedback (
    seq INTEGER PRIMARY KEY,
    account_sid TEXT NOT NULL,
    message_sid TEXT NOT NULL UNIQUE,
    outcome TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);

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
    push_include_date INTEGER NOT NULL DEFAULT 0,
    push_apn_credential_sid TEXT,
    push_fcm_credential_sid TEXT,
    totp_issuer TEXT,                   -- the service's name when not set
    totp_time_step INTEGER NOT NULL DEFAULT 30,
    totp_code_length INTEGER NOT NULL DEFAULT 6,
    totp_skew INTEGER NOT NULL DEFAULT 1,
    passkeys_rp_id TEXT,
    passkeys_rp_name TEXT,
    passkeys_rp_origins TEXT,           -- comma-separated, as given
    passkeys_authenticator_attachment TEXT,
    passkeys_discoverable_credentials TEXT,
    passkeys_user_verification TEXT,
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
    sna_secret TEXT,                    -- sna: the secret part of its sna.url
    sna_client_token TEXT,              -- sna: what opening sna.url answers, when asked for
    sna_invoked INTEGER NOT NULL DEFAULT 0,  -- sna: whether the phone opened sna.url
    expires_at REAL NOT NULL,           -- ten minutes after it was started
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS verifications_service ON verifications (service_sid, to_address);
CREATE INDEX IF NOT EXISTS verifications_pending ON verifications (expires_at)
    WHERE status = 'pending';

-- SIP (domains, IP access control lists, credential lists, a domain's mappings) and Addresses
CREATE TABLE IF NOT EXISTS sip_domains (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    domain_name TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- unique across all accounts
    friendly_name TEXT,
    voice_url TEXT,
    voice_method TEXT NOT NULL,
    voice_fallback_url TEXT,
    voice_fallback_method TEXT NOT NULL,
    voice_status_callback_url TEXT,
    voice_status_callback_method TEXT NOT NULL,
    sip_registration INTEGER NOT NULL DEFAULT 0,
    emergency_calling_enabled INTEGER NOT NULL DEFAULT 0,
    secure INTEGER NOT NULL DEFAULT 0,
    byoc_trunk_sid TEXT,
    emergency_caller_sid TEXT,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sip_domains_account ON sip_domains (account_sid, date_created);

CREATE TABLE IF NOT EXISTS sip_ip_access_control_lists (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sip_acls_account ON sip_ip_access_control_lists (account_sid, date_created);

CREATE TABLE IF NOT EXISTS sip_ip_addresses (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    ip_access_control_list_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    ip_address TEXT NOT NULL,
    cidr_prefix_length INTEGER NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sip_ip_addresses_list ON sip_ip_addresses (ip_access_control_list_sid, date_created);

CREATE TABLE IF NOT EXISTS sip_credential_lists (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sip_credential_lists_account ON sip_credential_lists (account_sid, date_created);

CREATE TABLE IF NOT EXISTS sip_credentials (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    credential_list_sid TEXT NOT NULL,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,        -- salt$sha256; the password itself is never stored
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL,
    UNIQUE (credential_list_sid, username)
);

CREATE TABLE IF NOT EXISTS sip_domain_mappings (  -- a list mapped to a domain; its sid is the list's
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL,
    account_sid TEXT NOT NULL,
    domain_sid TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- calls-acl, calls-credentials, registrations-credentials
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL,
    UNIQUE (domain_sid, kind, sid)
);
CREATE INDEX IF NOT EXISTS sip_domain_mappings_list ON sip_domain_mappings (sid);

CREATE TABLE IF NOT EXISTS addresses (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    street TEXT NOT NULL,
    street_secondary TEXT,
    city TEXT NOT NULL,
    region TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    iso_country TEXT NOT NULL,
    friendly_name TEXT,
    emergency_enabled INTEGER NOT NULL DEFAULT 0,
    validated INTEGER NOT NULL DEFAULT 1,
    verified INTEGER NOT NULL DEFAULT 0,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS addresses_account ON addresses (account_sid, date_created);

CREATE TABLE IF NOT EXISTS address_phone_numbers (  -- a number's AddressSid: numbers depend on it
    number_sid TEXT PRIMARY KEY,
    address_sid TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS address_phone_numbers_address ON address_phone_numbers (address_sid);

-- Queues and their members, usage triggers, short codes, connect apps (issue 11: queues,
-- usage, short codes, connect apps, keys; API keys live in api_keys above).
CREATE TABLE IF NOT EXISTS queues (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    max_size INTEGER NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS queues_name ON queues (account_sid, friendly_name);

CREATE TABLE IF NOT EXISTS queue_members (  -- a call waiting; its position is its order
    seq INTEGER PRIMARY KEY,
    queue_sid TEXT NOT NULL,
    call_sid TEXT NOT NULL UNIQUE,      -- a call waits in one queue at a time
    account_sid TEXT NOT NULL,
    date_enqueued REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_members_queue ON queue_members (queue_sid, date_enqueued, seq);

CREATE TABLE IF NOT EXISTS usage_triggers (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    friendly_name TEXT,
    usage_category TEXT NOT NULL,
    trigger_by TEXT NOT NULL,           -- count, usage or price
    trigger_value TEXT NOT NULL,        -- absolute (a +N offset is resolved when created)
    recurring TEXT,                     -- daily, monthly, yearly, alltime; NULL fires once
    callback_url TEXT NOT NULL,
    callback_method TEXT NOT NULL,
    date_fired REAL,
    fired_period TEXT,                  -- the period (e.g. 2024-01) it last fired in
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS short_codes (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,
    short_code TEXT NOT NULL,
    friendly_name TEXT,
    api_version TEXT NOT NULL,
    sms_url TEXT,
    sms_method TEXT NOT NULL,
    sms_fallback_url TEXT,
    sms_fallback_method TEXT NOT NULL,
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS connect_apps (
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    account_sid TEXT NOT NULL,          -- the publisher
    friendly_name TEXT,
    company_name TEXT,
    description TEXT,
    homepage_url TEXT,
    authorize_redirect_url TEXT,
    deauthorize_callback_url TEXT,
    deauthorize_callback_method TEXT NOT NULL,
    permissions TEXT NOT NULL,          -- space-separated: get-all post-all
    date_created REAL NOT NULL,
    date_updated REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS authorized_connect_apps (  -- an account that let an app act on it
    seq INTEGER PRIMARY KEY,
    sid TEXT NOT NULL,                  -- the connect app's SID
    account_sid TEXT NOT NULL,          -- the authorizing account
    permissions TEXT NOT NULL,
    date_created REAL NOT NULL,
    UNIQUE (sid, account_sid)
);

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
