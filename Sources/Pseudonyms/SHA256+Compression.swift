extension SHA256 {
    /// The eight 32-bit words of a SHA-256 hash value, and the compression function that folds one
    /// 64-byte block into them (FIPS 180-4 §6.2.2).
    struct State: Sendable, Hashable {
        var h0, h1, h2, h3, h4, h5, h6, h7: UInt32

        /// H⁽⁰⁾: the first 32 bits of the fractional parts of the square roots of the first eight primes
        /// (FIPS 180-4 §5.3.3).
        static let initial = State(
            h0: 0x6a09_e667, h1: 0xbb67_ae85, h2: 0x3c6e_f372, h3: 0xa54f_f53a,
            h4: 0x510e_527f, h5: 0x9b05_688c, h6: 0x1f83_d9ab, h7: 0x5be0_cd19)

        /// K₀ … K₆₃: the first 32 bits of the fractional parts of the cube roots of the first 64 primes
        /// (FIPS 180-4 §4.2.2).
        static let roundConstants: [UInt32] = [
            0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
            0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
            0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
            0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
            0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
            0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
            0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
            0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
        ]

        /// The words with their bytes in big-endian order, laid out contiguously (a digest's bytes).
        var bigEndian: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) {
            (h0.bigEndian, h1.bigEndian, h2.bigEndian, h3.bigEndian, h4.bigEndian, h5.bigEndian, h6.bigEndian, h7.bigEndian)
        }

        /// Folds the 64 bytes at `block` into the hash value: the message schedule W₀ … W₆₃ (on the
        /// stack), 64 rounds over a … h, and the word-wise sum with the previous value.
        ///
        /// - Complexity: O(1): 64 rounds.
        @inline(__always)
        mutating func compress(_ block: UnsafeRawPointer) {
            // Rotations are written out with the transparent shift operators (ROTRⁿ(x) = x >> n | x << (32 − n))
            // and the loops count with `while`, so that even an unoptimised (test) build makes few calls.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                guard let w = schedule.baseAddress else { preconditionFailure("a 64-word schedule has an address") }
                var t = 0
                while t < 16 {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                    t &+= 1
                }
                while t < 64 {
                    let x = w[t &- 15], y = w[t &- 2]
                    let sigma0 = (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
                    let sigma1 = (y &>> 17 | y &<< 15) ^ (y &>> 19 | y &<< 13) ^ (y &>> 10)
                    w[t] = w[t &- 16] &+ sigma0 &+ w[t &- 7] &+ sigma1
                    t &+= 1
                }
                var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                Self.roundConstants.withUnsafeBufferPointer { constants in
                    guard let k = constants.baseAddress else { preconditionFailure("64 round constants") }
                    // Eight rounds per pass, each naming the working variables a … h where the previous
                    // round's shift (h ← g, g ← f, …) would have moved them: no moves between rounds.
                    var t = 0
                    while t < 64 {
                        SHA256.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        SHA256.round(h, a, b, &c, d, e, f, &g, k[t &+ 1] &+ w[t &+ 1])
                        SHA256.round(g, h, a, &b, c, d, e, &f, k[t &+ 2] &+ w[t &+ 2])
                        SHA256.round(f, g, h, &a, b, c, d, &e, k[t &+ 3] &+ w[t &+ 3])
                        SHA256.round(e, f, g, &h, a, b, c, &d, k[t &+ 4] &+ w[t &+ 4])
                        SHA256.round(d, e, f, &g, h, a, b, &c, k[t &+ 5] &+ w[t &+ 5])
                        SHA256.round(c, d, e, &f, g, h, a, &b, k[t &+ 6] &+ w[t &+ 6])
                        SHA256.round(b, c, d, &e, f, g, h, &a, k[t &+ 7] &+ w[t &+ 7])
                        t &+= 8
                    }
                }
                h0 &+= a
                h1 &+= b
                h2 &+= c
                h3 &+= d
                h4 &+= e
                h5 &+= f
                h6 &+= g
                h7 &+= h
            }
        }
    }

    /// One round of FIPS 180-4 §6.2.2 step 3, with the shift of the working variables left to the
    /// caller's naming: T₁ = h + Σ₁(e) + Ch(e, f, g) + Kₜ + Wₜ; d ← d + T₁; h ← T₁ + Σ₀(a) + Maj(a, b, c).
    @inline(__always)
    fileprivate static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let bigSigma1 = (e &>> 6 | e &<< 26) ^ (e &>> 11 | e &<< 21) ^ (e &>> 25 | e &<< 7)
        let choose = g ^ (e & (f ^ g))  // (e ∧ f) ⊕ (¬e ∧ g)
        let t1 = h &+ bigSigma1 &+ choose &+ kw
        let bigSigma0 = (a &>> 2 | a &<< 30) ^ (a &>> 13 | a &<< 19) ^ (a &>> 22 | a &<< 10)
        let majority = (a & b) | (c & (a | b))  // (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
        d &+= t1
        h = t1 &+ bigSigma0 &+ majority
    }

    /// A 64-byte block buffer held inline (no allocation): the one place the hash touches raw memory.
    /// Every offset is asserted to lie inside the block.
    ///
    /// Why raw memory outside Kernels: Pseudonyms depends on no other module, so that the hash can be
    /// read and checked against FIPS 180-4 and RFC 4231 on its own; the block's byte-offset stores
    /// (`storeBytes`, `copyMemory`) into 8 words on the stack are what keep a pseudonym at two
    /// compressions and no allocation (measured: PSEUDONYM_BENCH).
    struct Block: Sendable {
        private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

        /// Copies `source` to offsets `offset ..< offset + source.count`.
        @inline(__always)
        mutating func copy(_ source: UnsafeRawBufferPointer, at offset: Int) {
            precondition(offset >= 0 && offset + source.count <= SHA256.blockByteCount, "outside the block")
            guard let from = source.baseAddress, !source.isEmpty else { return }
            withBase { ($0 + offset).copyMemory(from: from, byteCount: source.count) }
        }

        @inline(__always)
        mutating func set(_ byte: UInt8, at offset: Int) {
            precondition(offset >= 0 && offset < SHA256.blockByteCount, "outside the block")
            withBase { $0.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
        }

        /// Zeroes offsets `start ..< end`.
        @inline(__always)
        mutating func zero(from start: Int, to end: Int) {
            precondition(start >= 0 && start <= end && end <= SHA256.blockByteCount, "outside the block")
            withBase { _ = ($0 + start).initializeMemory(as: UInt8.self, repeating: 0, count: end - start) }
        }

        /// Writes `value` as 8 bytes big-endian at `offset`.
        @inline(__always)
        mutating func setBigEndian(_ value: UInt64, at offset: Int) {
            precondition(offset >= 0 && offset + 8 <= SHA256.blockByteCount, "outside the block")
            withBase { $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self) }
        }

        /// XORs every byte with `mask` (HMAC's ipad and opad).
        mutating func xorEachByte(with mask: UInt8) {
            let pattern = UInt64(mask) &* 0x0101_0101_0101_0101
            storage = (storage.0 ^ pattern, storage.1 ^ pattern, storage.2 ^ pattern, storage.3 ^ pattern,
                       storage.4 ^ pattern, storage.5 ^ pattern, storage.6 ^ pattern, storage.7 ^ pattern)
        }

        /// Lends the 64 bytes to `body`.
        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            withUnsafeBytes(of: storage, body)
        }

        /// Compresses the whole block into `state`.
        @inline(__always)
        func compress(into state: inout State) {
            withUnsafeBytes(of: storage) { bytes in
                guard let base = bytes.baseAddress else { preconditionFailure("a 64-byte block has an address") }
                state.compress(base)
            }
        }

        @inline(__always)
        private mutating func withBase<R>(_ body: (UnsafeMutableRawPointer) -> R) -> R {
            withUnsafeMutableBytes(of: &storage) { bytes in
                guard let base = bytes.baseAddress else { preconditionFailure("a 64-byte block has an address") }
                return body(base)
            }
        }
    }
}
