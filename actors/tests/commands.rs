//! Commands through a real session over TCP: a command queued while the
//! device is offline goes out when it logs in, its answer is matched and
//! stored; a command queued while it is connected goes out at once; an
//! unanswered reliable command is written again, then fails; a command for
//! a SIM behind NAT waits for the device to speak.

mod support;

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use trackgate_actors::config::SessionConfig;
use trackgate_actors::session::messages::{Deliver, GetState, Tick};
use trackgate_actors::session::{DeviceSession, SessionEnv};
use trackgate_actors::writer::TrackWriter;
use trackgate_protocols::Value;
use trackgate_protocols::checksum::crc16_arc;
use trackgate_protocols::command::Command;
use trackgate_protocols::teltonika::encode::{encode_command, encode_imei};
use trackgate_store::*;

const IMEI: &str = "356307042441013";

struct Fixture {
    store: Arc<EmbeddedStore>,
    env: Arc<SessionEnv>,
    tracker: TrackerId,
    _writer: TrackWriter,
    _dir: tempfile::TempDir,
}

fn fixture(answer_timeout: Duration) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(EmbeddedStore::open(dir.path()).expect("store"));
    let tracker = store
        .create_tracker(NewTracker {
            device_id: IMEI.into(),
            label: "van".into(),
            model: "teltonika".into(),
            owner: None,
            created_ms: 0,
        })
        .expect("tracker")
        .id;
    let config = SessionConfig {
        command_answer_timeout: answer_timeout,
        ..SessionConfig::default()
    };
    let (env, writer) = support::session_env(store.clone(), config);
    Fixture {
        store,
        env,
        tracker,
        _writer: writer,
        _dir: dir,
    }
}

impl Fixture {
    fn queue(&self, command: Command, reliable: bool, policy: SendPolicy) -> CommandRecord {
        self.store
            .create_command(NewCommand {
                tracker: self.tracker,
                command,
                reliable,
                expires_ms: None,
                policy,
                max_attempts: 2,
                created_ms: 0,
            })
            .expect("queued")
    }

    /// Queues a command and hands it to the connected session.
    async fn deliver(&self, command: Command, reliable: bool, policy: SendPolicy) -> CommandRecord {
        let record = self.queue(command, reliable, policy);
        self.session()
            .send(Deliver(record.clone()))
            .await
            .expect("delivered");
        record
    }

    /// Connects a Teltonika device and logs it in.
    async fn device(&self) -> TcpStream {
        let mut device =
            support::connect(&self.env, trackgate_protocols::teltonika::PROTOCOL).await;
        device.write_all(&encode_imei(IMEI)).await.expect("login");
        let mut accepted = [0u8; 1];
        read(&mut device, &mut accepted).await;
        assert_eq!(accepted, [1]);
        device
    }

    async fn status_of(&self, id: CommandId, want: CommandStatus) -> CommandRecord {
        self.stored(id, |r| r.status == want).await
    }

    /// Waits (up to 5 s) until the stored command satisfies `want`.
    async fn stored(&self, id: CommandId, want: impl Fn(&CommandRecord) -> bool) -> CommandRecord {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let record = self
                .store
                .command(self.tracker, id)
                .expect("read")
                .expect("stored");
            if want(&record) {
                return record;
            }
            assert!(tokio::time::Instant::now() < deadline, "still {record:?}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn session(&self) -> actix::Addr<DeviceSession> {
        self.env.registry.get(self.tracker).expect("connected").addr
    }
}

/// Fills `buf` from the device, failing the test after 5 s.
async fn read(device: &mut TcpStream, buf: &mut [u8]) {
    tokio::time::timeout(Duration::from_secs(5), device.read_exact(buf))
        .await
        .expect("bytes within 5 s")
        .expect("read");
}

/// Reads one Codec 12 packet the gateway wrote and returns its text.
async fn read_command(device: &mut TcpStream) -> String {
    let mut head = [0u8; 8];
    read(device, &mut head).await;
    let len = u32::from_be_bytes([head[4], head[5], head[6], head[7]]) as usize;
    let mut rest = vec![0u8; len + 4];
    read(device, &mut rest).await;
    assert_eq!(rest[..3], [0x0C, 0x01, 0x05], "Codec 12, one command item");
    let size = u32::from_be_bytes([rest[3], rest[4], rest[5], rest[6]]) as usize;
    String::from_utf8(rest[7..7 + size].to_vec()).expect("text")
}

/// The device's Codec 12 answer (item type 06) carrying `text`.
fn answer(text: &str) -> Vec<u8> {
    let mut data = vec![0x0C, 0x01, 0x06];
    data.extend_from_slice(&(text.len() as u32).to_be_bytes());
    data.extend_from_slice(text.as_bytes());
    data.push(0x01);
    let mut packet = vec![0, 0, 0, 0];
    packet.extend_from_slice(&(data.len() as u32).to_be_bytes());
    packet.extend_from_slice(&data);
    packet.extend_from_slice(&u32::from(crc16_arc(&data)).to_be_bytes());
    packet
}

#[actix_rt::test]
async fn a_command_queued_offline_goes_out_at_login_and_its_answer_is_stored() {
    let f = fixture(Duration::from_secs(60));
    let queued = f.queue(
        Command::Text("getinfo".into()),
        true,
        SendPolicy::WhenConnected,
    );
    let mut device = f.device().await;
    // Byte for byte what Codec 12 documents for `getinfo`.
    let mut packet = vec![0u8; encode_command("getinfo").len()];
    read(&mut device, &mut packet).await;
    assert_eq!(packet, encode_command("getinfo").to_vec());
    let sent = f.status_of(queued.id, CommandStatus::Sent).await;
    assert_eq!(sent.attempts, 1);

    device
        .write_all(&answer("RTC:2024/6/1 12:00 Init:2024/6/1"))
        .await
        .expect("answer");
    let answered = f.status_of(queued.id, CommandStatus::Answered).await;
    assert_eq!(
        answered.reply.as_deref(),
        Some("RTC:2024/6/1 12:00 Init:2024/6/1")
    );
    assert!(answered.finished_ms.is_some());
}

#[actix_rt::test]
async fn a_command_for_a_connected_device_goes_at_once_and_its_output_shows() {
    let f = fixture(Duration::from_secs(60));
    let mut device = f.device().await;
    let command = f
        .deliver(
            Command::Output { index: 2, on: true },
            true,
            SendPolicy::WhenConnected,
        )
        .await;
    assert_eq!(read_command(&mut device).await, "setdigout ?1");
    device.write_all(&answer("DOUT2:1")).await.expect("answer");
    f.status_of(command.id, CommandStatus::Answered).await;
    let state = f
        .session()
        .send(GetState)
        .await
        .expect("state")
        .expect("identified");
    assert_eq!(
        state.values.get("output_2").map(|t| &t.value),
        Some(&Value::Bool(true)),
        "the answered output shows in the live state"
    );
}

#[actix_rt::test]
async fn an_unanswered_reliable_command_is_sent_again_then_fails() {
    let f = fixture(Duration::from_millis(200));
    let mut device = f.device().await;
    let command = f
        .deliver(Command::LocationRequest, true, SendPolicy::WhenConnected)
        .await;
    assert_eq!(read_command(&mut device).await, "getgps");
    tokio::time::sleep(Duration::from_millis(300)).await;
    f.session().send(Tick).await.expect("tick");
    assert_eq!(read_command(&mut device).await, "getgps", "written again");
    let again = f.stored(command.id, |r| r.attempts == 2).await;
    assert_eq!(again.status, CommandStatus::Sent);
    tokio::time::sleep(Duration::from_millis(300)).await;
    f.session().send(Tick).await.expect("tick");
    let failed = f.status_of(command.id, CommandStatus::Failed).await;
    assert_eq!(failed.attempts, 2, "max_attempts is 2");
    assert!(failed.failure.is_some());
}

#[actix_rt::test]
async fn a_command_for_a_sim_behind_nat_waits_for_the_device_to_speak() {
    let f = fixture(Duration::from_secs(60));
    let mut device = f.device().await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let command = f
        .deliver(
            Command::LocationRequest,
            true,
            SendPolicy::WithinSecondsOfInbound(1),
        )
        .await;
    let mut byte = [0u8; 1];
    let early =
        tokio::time::timeout(Duration::from_millis(300), device.read_exact(&mut byte)).await;
    assert!(
        early.is_err(),
        "nothing is sent while the NAT may be closed"
    );
    assert_eq!(
        f.store
            .command(f.tracker, command.id)
            .unwrap()
            .unwrap()
            .status,
        CommandStatus::Queued
    );
    // The device pings: its NAT is open, and the command goes.
    device.write_all(&[0xFF]).await.expect("ping");
    assert_eq!(read_command(&mut device).await, "getgps");
}

/// A GT06 command goes out with its serial as the server flag; serial data
/// the device sends meanwhile is not its answer; the 0x15 answer naming the
/// flag is.
#[actix_rt::test]
async fn an_answer_must_name_the_serial_its_command_was_sent_with() {
    use trackgate_protocols::gt06::encode::{encode_login, packet};

    let f = fixture(Duration::from_secs(60));
    let mut device = support::connect(&f.env, trackgate_protocols::gt06::PROTOCOL).await;
    device
        .write_all(&encode_login(IMEI, 1))
        .await
        .expect("login");
    let mut ack = [0u8; 10];
    read(&mut device, &mut ack).await;

    let command = f
        .deliver(
            Command::Text("STATUS#".into()),
            true,
            SendPolicy::WhenConnected,
        )
        .await;
    // 78 78, length, 0x80, command length, the 4-byte server flag, text,
    // serial, CRC, 0D 0A.
    let mut head = [0u8; 3];
    read(&mut device, &mut head).await;
    let mut rest = vec![0u8; usize::from(head[2]) + 2];
    read(&mut device, &mut rest).await;
    assert_eq!(rest[0], 0x80);
    let flag = u32::from_be_bytes([rest[2], rest[3], rest[4], rest[5]]);
    let sent = f.status_of(command.id, CommandStatus::Sent).await;
    assert_eq!(sent.serial, Some(flag));

    // Serial data (0x9B) arrives first: a command response naming nothing.
    device
        .write_all(&packet(true, 0x9B, &[0x03, b'D', b'7', b'5'], 2))
        .await
        .expect("serial data");
    // Then an answer naming another command, then the right one.
    for (flag, serial) in [(flag.wrapping_add(1), 3), (flag, 4)] {
        let mut content = vec![4 + 3];
        content.extend_from_slice(&flag.to_be_bytes());
        content.extend_from_slice(b"OK!\x00\x02");
        device
            .write_all(&packet(false, 0x15, &content, serial))
            .await
            .expect("answer");
    }
    let answered = f.status_of(command.id, CommandStatus::Answered).await;
    assert_eq!(answered.reply.as_deref(), Some("OK!"));
}

#[actix_rt::test]
async fn a_location_requests_answer_becomes_the_last_point() {
    let f = fixture(Duration::from_secs(60));
    let mut device = f.device().await;
    let command = f
        .deliver(Command::LocationRequest, false, SendPolicy::WhenConnected)
        .await;
    assert_eq!(read_command(&mut device).await, "getgps");
    device
        .write_all(&answer(
            "GPS:1 Sat:7 Lat:54.687157 Long:25.279652 Alt:112 Speed:0 Dir:90 Date: 2024/6/1 Time: 12:00:05",
        ))
        .await
        .expect("answer");
    f.status_of(command.id, CommandStatus::Answered).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let state = f
            .session()
            .send(GetState)
            .await
            .expect("state")
            .expect("identified");
        if let Some(gps) = &state.last_gps {
            assert_eq!(gps.value.fix_time_ms, 1_717_243_205_000);
            assert_eq!(
                (gps.value.latitude, gps.value.longitude),
                (54.687157, 25.279652)
            );
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no last point");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let stored = f
        .store
        .read_track(f.tracker, i64::MIN, i64::MAX, 10)
        .expect("track");
    assert_eq!(
        stored.len(),
        1,
        "the answer's position is stored as a point"
    );
}

#[actix_rt::test]
async fn the_next_command_waits_for_the_answer_to_the_one_outstanding() {
    let f = fixture(Duration::from_secs(60));
    let first = f.queue(
        Command::Text("getinfo".into()),
        true,
        SendPolicy::WhenConnected,
    );
    let second = f.queue(
        Command::Text("getver".into()),
        true,
        SendPolicy::WhenConnected,
    );
    let mut device = f.device().await;
    assert_eq!(read_command(&mut device).await, "getinfo");
    // Teltonika answers name no command: the second waits for this answer.
    let mut byte = [0u8; 1];
    let early =
        tokio::time::timeout(Duration::from_millis(300), device.read_exact(&mut byte)).await;
    assert!(
        early.is_err(),
        "the second command was sent before the first was answered"
    );
    assert_eq!(
        f.store
            .command(f.tracker, second.id)
            .unwrap()
            .unwrap()
            .status,
        CommandStatus::Queued
    );
    device.write_all(&answer("RTC:ok")).await.expect("answer");
    assert_eq!(read_command(&mut device).await, "getver");
    let answered = f.status_of(first.id, CommandStatus::Answered).await;
    assert_eq!(answered.reply.as_deref(), Some("RTC:ok"));
}
