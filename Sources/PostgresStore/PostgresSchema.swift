/// The PostgreSQL schema as versioned migrations, recorded in `schema_migrations` and run at open and by
/// `leadmail store migrate`.
///
/// Version 1 is the SQLite schema as it stands after its twelve migrations (Sources/LeadStore/Schema*.swift),
/// column for column with the same meanings; what differs is only what the databases do differently:
/// - identities instead of `AUTOINCREMENT`, `timestamptz` for dates (UTC, to the millisecond), `bytea` for a
///   reply's bytes;
/// - the search index is a `tsvector` column kept by a trigger: the text of name, company, email and enquiry,
///   accents folded with `unaccent` (a trusted extension: the database's owner may create it) and split at
///   everything that is not a letter or digit, as SQLite's FTS5 tokenizer splits it;
/// - a tag is unique on a lead in any case by an index on `lower(tag)`, not by a check;
/// - `outbox.lease_until`: a claim is a lease that expires, so a host that died holding replies does not strand
///   them (see `PostgresLeadStore`).
enum PostgresSchema {
    struct Migration {
        var version: String
        var sql: String
    }

    static let migrations: [Migration] = [
        Migration(version: "v1-leadmail", sql: version1),
        Migration(version: "v2-lead-reads-saved-views", sql: version2),
        Migration(version: "v3-awaiting-notices", sql: version3),
        Migration(version: "v3-notify", sql: notify),
        Migration(version: "v3-attachment-names", sql: attachmentNames),
        Migration(version: "v3-audit", sql: version3Audit),
        Migration(version: "v3-link-tracking", sql: version3LinkTracking),
        Migration(version: "v3-dashboard-first-reply", sql: dashboardFirstReply),
        Migration(version: "v3-contacts-phone-order", sql: contactsPhoneOrder),
        Migration(version: "v3-list-scope-indexes", sql: listScopeIndexes),
    ]

    /// A phone number's contacts in the order of their ids from the index itself: the oldest is the one a phone
    /// matches, and without statistics (a new store's first backlog) the planner otherwise walks every contact
    /// in id order looking for the number.
    private static let contactsPhoneOrder = """
        CREATE INDEX contacts_phone_e164_id ON contacts(phone_e164, id) WHERE phone_e164 IS NOT NULL;
        DROP INDEX contacts_phone_e164;
        """

    /// SQLite's v14-dashboard-first-reply: the date of the lead's first reply (our first outbound mail that is not
    /// a staff notice) kept on the lead by triggers, for the dashboard's median without a look-up per lead; the
    /// insert trigger's one update of the lead sets it with `workflow_latest`. `leads_created` serves the
    /// dashboard's date range.
    private static let dashboardFirstReply = """
        ALTER TABLE leads ADD COLUMN first_reply_at TIMESTAMPTZ;
        UPDATE leads SET first_reply_at = (SELECT MIN(date) FROM communications c
            WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind <> 'notification');
        CREATE OR REPLACE FUNCTION communications_workflow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.kind <> 'notification' THEN
                UPDATE leads SET workflow_latest = GREATEST(workflow_latest, NEW.id),
                    first_reply_at = CASE WHEN NEW.direction = 'outbound'
                        AND (first_reply_at IS NULL OR NEW.date < first_reply_at)
                        THEN NEW.date ELSE first_reply_at END
                WHERE id = NEW.lead_id;
            END IF;
            RETURN NULL;
        END $$;
        CREATE FUNCTION communications_first_reply() RETURNS TRIGGER LANGUAGE plpgsql AS $$
        BEGIN
            -- Only a lead whose first reply changes is written (a reply's handover moves its date once).
            UPDATE leads SET first_reply_at = f.first FROM (
                SELECT l.id, (SELECT MIN(date) FROM communications c WHERE c.lead_id = l.id
                    AND c.direction = 'outbound' AND c.kind <> 'notification') AS first
                FROM leads l WHERE l.id = OLD.lead_id OR (TG_OP = 'UPDATE' AND l.id = NEW.lead_id)
            ) f
            WHERE leads.id = f.id AND leads.first_reply_at IS DISTINCT FROM f.first;
            RETURN NULL;
        END $$;
        CREATE TRIGGER communications_first_reply_change
            AFTER UPDATE OF lead_id, date, direction, kind ON communications FOR EACH ROW
            WHEN (OLD.direction = 'outbound' OR NEW.direction = 'outbound')
            EXECUTE FUNCTION communications_first_reply();
        CREATE TRIGGER communications_first_reply_delete AFTER DELETE ON communications FOR EACH ROW
            WHEN (OLD.direction = 'outbound' AND OLD.kind <> 'notification')
            EXECUTE FUNCTION communications_first_reply();
        CREATE INDEX leads_created ON leads(created_at);
        """

    /// SQLite's v14-list-indexes and v14-list-scope-indexes, for the planner: the list newest first, a person's
    /// own leads and one status's leads in the list's orders, so that a page reads its leads in order and stops.
    private static let listScopeIndexes = """
        CREATE INDEX leads_list_newest ON leads(created_at DESC, id DESC);
        CREATE INDEX leads_list_owner ON leads(owner, score DESC, created_at DESC, id DESC);
        CREATE INDEX leads_list_owner_newest ON leads(owner, created_at DESC, id DESC);
        CREATE INDEX leads_list_status ON leads(status, score DESC, created_at DESC, id DESC);
        """

    /// SQLite's v14-attachment-names: the files of an inbound message, a JSON array of `{name, size,
    /// contentType}` (NULL when none), for the lead's timeline.
    private static let attachmentNames = "ALTER TABLE communications ADD COLUMN attachments TEXT"

    /// `NOTIFY` on commit (`PostgresListener`): `leadmail_outbox` when a reply becomes due to send (queued, queued
    /// again, or let go by a host that held it), so that every host's outbox worker wakes at once instead of at its
    /// next poll; `leadmail_leads` when leads or their logs change, for open web pages. The payload is empty:
    /// a transaction's identical notifications are delivered once, and a listener only learns to look again.
    private static let notify = """
        CREATE FUNCTION leadmail_notify_outbox() RETURNS TRIGGER LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('leadmail_outbox', '');
            RETURN NULL;
        END $$;
        CREATE FUNCTION leadmail_notify_leads() RETURNS TRIGGER LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('leadmail_leads', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_notify_insert AFTER INSERT ON outbox
            FOR EACH STATEMENT EXECUTE FUNCTION leadmail_notify_outbox();
        CREATE TRIGGER outbox_notify_due AFTER UPDATE OF state, claimed_by ON outbox
            FOR EACH ROW WHEN (NEW.state = 'queued' AND NEW.claimed_by IS NULL
                AND (OLD.state <> 'queued' OR OLD.claimed_by IS NOT NULL))
            EXECUTE FUNCTION leadmail_notify_outbox();
        CREATE TRIGGER leads_notify AFTER INSERT OR UPDATE OR DELETE ON leads
            FOR EACH STATEMENT EXECUTE FUNCTION leadmail_notify_leads();
        CREATE TRIGGER communications_notify AFTER INSERT OR UPDATE ON communications
            FOR EACH STATEMENT EXECUTE FUNCTION leadmail_notify_leads();
        """

    /// SQLite's v13-awaiting-notices: automatic mail that answers a message not recorded yet, kept until that
    /// message is recorded and then moved to its lead's log; `awaited_messages` holds the Message-IDs each notice
    /// names, so that recording a message finds what waits for it by one index look-up.
    private static let version3 = """
        CREATE TABLE awaiting_notices (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
            kind TEXT NOT NULL,
            date TIMESTAMPTZ NOT NULL,
            from_address TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT,
            message_id TEXT, fingerprint TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL DEFAULT '', detail TEXT,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE UNIQUE INDEX awaiting_notices_message_id ON awaiting_notices(message_id)
            WHERE message_id IS NOT NULL;
        CREATE INDEX awaiting_notices_age ON awaiting_notices(created_at);
        CREATE TABLE awaited_messages (
            message_id TEXT NOT NULL,
            notice_id BIGINT NOT NULL REFERENCES awaiting_notices(id) ON DELETE CASCADE,
            PRIMARY KEY (message_id, notice_id)
        );
        CREATE INDEX awaited_messages_notice ON awaited_messages(notice_id);
        """

    /// SQLite's v14-link-tracking: the links of mail to leads that go through `/t/TOKEN`, and their clicks.
    private static let version3LinkTracking = """
        CREATE TABLE tracked_links (
            token TEXT PRIMARY KEY,
            lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            label TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX tracked_links_lead ON tracked_links(lead_id);
        CREATE TABLE link_clicks (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            token TEXT NOT NULL REFERENCES tracked_links(token) ON DELETE CASCADE,
            lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            date TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX link_clicks_token ON link_clicks(token);
        CREATE INDEX link_clicks_date ON link_clicks(date);
        """

    /// SQLite's v14-audit: sign-ins, refused ones too, for the administrators' audit list.
    private static let version3Audit = """
        CREATE TABLE sign_ins (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            date TIMESTAMPTZ NOT NULL,
            email TEXT NOT NULL,
            succeeded BOOLEAN NOT NULL,
            client TEXT NOT NULL
        );
        CREATE INDEX sign_ins_date ON sign_ins(date);
        CREATE INDEX lead_events_date ON lead_events(date);
        """

    /// SQLite's v13: who opened which lead (unread for its owner until then) and people's saved views.
    private static let version2 = """
        CREATE TABLE lead_reads (
            lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            reader TEXT NOT NULL,
            opened_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (lead_id, reader)
        );
        CREATE TABLE saved_views (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            query TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            UNIQUE (user_id, name)
        );
        """

    private static let version1 = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE TABLE contacts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT, phone TEXT, company TEXT, phone_e164 TEXT,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX contacts_phone_e164 ON contacts(phone_e164) WHERE phone_e164 IS NOT NULL;
        CREATE TABLE leads (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts(id),
            name TEXT, email TEXT NOT NULL, phone TEXT, company TEXT,
            source TEXT NOT NULL, campaign TEXT,
            status TEXT NOT NULL DEFAULT 'new',
            subject TEXT, enquiry TEXT NOT NULL DEFAULT '', extra_fields TEXT,
            created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            rating TEXT, score INTEGER NOT NULL DEFAULT 0, owner TEXT, team TEXT, reject_reason TEXT,
            value DOUBLE PRECISION, close_date TEXT, nurture_until TEXT, remind_on TEXT,
            first_contact_at TIMESTAMPTZ,
            workflow_seen BIGINT NOT NULL DEFAULT 0, workflow_latest BIGINT NOT NULL DEFAULT 0,
            score_matches TEXT,
            search_vector TSVECTOR
        );
        CREATE INDEX leads_contact ON leads(contact_id);
        CREATE INDEX leads_source ON leads(source, campaign);
        CREATE INDEX leads_owner ON leads(owner, status);
        CREATE INDEX leads_score ON leads(score DESC, created_at DESC);
        CREATE INDEX leads_email ON leads(email);
        CREATE INDEX leads_workflow_pending ON leads(id) WHERE workflow_latest > workflow_seen;
        CREATE INDEX leads_reminders ON leads(remind_on) WHERE remind_on IS NOT NULL;
        CREATE INDEX leads_search ON leads USING GIN (search_vector);
        CREATE FUNCTION leadmail_search_text(VARIADIC parts TEXT[]) RETURNS TSVECTOR LANGUAGE sql STABLE AS $$
            SELECT to_tsvector('simple', lower(regexp_replace(
                unaccent(array_to_string(parts, ' ')), '[^[:alnum:]]+', ' ', 'g')))
        $$;
        CREATE FUNCTION leads_search_vector() RETURNS TRIGGER LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := leadmail_search_text(NEW.name, NEW.company, NEW.email, NEW.enquiry);
            RETURN NEW;
        END $$;
        CREATE TRIGGER leads_search_vector BEFORE INSERT OR UPDATE OF name, company, email, enquiry ON leads
            FOR EACH ROW EXECUTE FUNCTION leads_search_vector();
        CREATE TABLE communications (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            lead_id BIGINT NOT NULL REFERENCES leads(id),
            direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
            kind TEXT NOT NULL,
            date TIMESTAMPTZ NOT NULL,
            from_address TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT,
            message_id TEXT, fingerprint TEXT,
            status TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', detail TEXT,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE UNIQUE INDEX communications_unique_message_id ON communications(message_id)
            WHERE message_id IS NOT NULL;
        CREATE UNIQUE INDEX communications_unique_fingerprint ON communications(fingerprint)
            WHERE fingerprint IS NOT NULL;
        CREATE INDEX communications_lead_history ON communications(lead_id, id);
        CREATE FUNCTION communications_workflow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.kind <> 'notification' THEN
                UPDATE leads SET workflow_latest = GREATEST(workflow_latest, NEW.id) WHERE id = NEW.lead_id;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER communications_workflow_insert AFTER INSERT ON communications
            FOR EACH ROW EXECUTE FUNCTION communications_workflow();
        CREATE TRIGGER communications_workflow_move AFTER UPDATE OF lead_id ON communications
            FOR EACH ROW EXECUTE FUNCTION communications_workflow();
        CREATE TABLE outbox (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            lead_id BIGINT NOT NULL REFERENCES leads(id),
            communication_id BIGINT NOT NULL REFERENCES communications(id),
            message_id TEXT NOT NULL UNIQUE,
            envelope_from TEXT NOT NULL, recipients TEXT NOT NULL,
            from_address TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TIMESTAMPTZ NOT NULL, last_error TEXT,
            created_at TIMESTAMPTZ NOT NULL, sent_at TIMESTAMPTZ,
            claimed_by TEXT, claimed_at TIMESTAMPTZ, lease_until TIMESTAMPTZ, handed_over_at TIMESTAMPTZ,
            outcome TEXT
        );
        CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
        CREATE INDEX outbox_recipient ON outbox(recipients, handed_over_at);
        CREATE INDEX outbox_handed_over ON outbox(handed_over_at);
        CREATE TABLE outbox_content (
            outbox_id BIGINT PRIMARY KEY REFERENCES outbox(id),
            text TEXT NOT NULL, raw BYTEA NOT NULL
        );
        CREATE TABLE outbox_attempts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            outbox_id BIGINT NOT NULL REFERENCES outbox(id),
            lead_id BIGINT NOT NULL REFERENCES leads(id),
            date TIMESTAMPTZ NOT NULL,
            result TEXT NOT NULL,
            reply TEXT,
            process TEXT
        );
        CREATE INDEX outbox_attempts_outbox ON outbox_attempts(outbox_id, id);
        CREATE TABLE lead_events (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            lead_id BIGINT NOT NULL REFERENCES leads(id),
            date TIMESTAMPTZ NOT NULL,
            "by" TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX lead_events_lead ON lead_events(lead_id, id);
        CREATE TABLE lead_tags (
            lead_id BIGINT NOT NULL REFERENCES leads(id),
            tag TEXT NOT NULL,
            PRIMARY KEY (lead_id, tag)
        );
        CREATE UNIQUE INDEX lead_tags_any_case ON lead_tags(lead_id, lower(tag));
        CREATE INDEX lead_tags_tag ON lead_tags(tag);
        CREATE TABLE tasks (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            lead_id BIGINT NOT NULL REFERENCES leads(id),
            kind TEXT NOT NULL,
            due TEXT NOT NULL,
            owner TEXT,
            follow_up BOOLEAN NOT NULL DEFAULT FALSE,
            created_at TIMESTAMPTZ NOT NULL,
            done_at TIMESTAMPTZ,
            done_by TEXT
        );
        CREATE INDEX tasks_open ON tasks(done_at, owner, due);
        CREATE INDEX tasks_lead ON tasks(lead_id);
        CREATE INDEX tasks_open_follow_ups ON tasks(created_at) WHERE follow_up AND done_at IS NULL;
        CREATE TABLE team_turns (team TEXT PRIMARY KEY, turn INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE digests (owner TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (owner, day));
        CREATE TABLE mailbox_taken (name TEXT PRIMARY KEY);
        CREATE TABLE users (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            team TEXT,
            password_hash TEXT NOT NULL,
            disabled_at TIMESTAMPTZ,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE web_sessions (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            selector TEXT NOT NULL UNIQUE,
            verifier_hash TEXT NOT NULL,
            user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            client TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL,
            revoked_at TIMESTAMPTZ
        );
        CREATE INDEX web_sessions_by_user ON web_sessions(user_id);
        """
}
